"""A tiny HTTP proxy on 127.0.0.1 that can swallow a reply: it passes the request on,
waits for the server's whole answer (so the push has committed), and closes the phone's
connection without sending a byte of it, as a Wi-Fi drop on the way back would."""
from __future__ import annotations

import socket
import threading

from bench.server import free_port


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


class DroppingProxy:
    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.drop = 0          # how many of the next pushes lose their reply
        self.dropped: list[bytes] = []   # the replies that never reached the phone
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket):
        with conn, socket.create_connection(self.upstream, timeout=60) as up:
            request = _read_request(conn)
            if not request:
                return
            # One request per connection: the server closes after answering.
            request = request.replace(b"Connection: keep-alive", b"Connection: close", 1)
            up.sendall(request)
            reply = b""
            while chunk := up.recv(65536):
                reply += chunk
            if request.startswith(b"POST /api/sync/push") and self.drop > 0:
                self.drop -= 1
                self.dropped.append(reply)
                conn.shutdown(socket.SHUT_RDWR)  # committed on the server; lost on the way
                return
            conn.sendall(reply)

    def close(self):
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=5)
