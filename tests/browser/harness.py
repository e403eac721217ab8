"""Real processes for the browser tests and the app benchmark: the server (gunicorn on a
free port, its own SQLite file), a proxy that can lose replies, and Chromium."""
from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from server.compression import decode

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PASSWORD = "sanguan-demo"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(db_file: Path, pwa_dir: Path | None = None) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_file}", "FLASK_APP": "server"}
    env.pop("SANGUAN_PWA_DIR", None)
    if pwa_dir:
        env["SANGUAN_PWA_DIR"] = str(pwa_dir)
    return env


def make_demo_db(db_file: Path) -> Path:
    """A migrated SQLite file holding the demo school (copied for each test)."""
    for args in (["db", "upgrade"], ["demo"]):
        done = subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, env=_env(db_file),
                              capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return db_file


class LiveServer:
    """gunicorn serving the app; `stop()` kills it outright (the whole process group),
    `start()` brings it back on the same port, so the page keeps its origin."""

    def __init__(self, db_file: Path, log_file: Path, pwa_dir: Path | None = None):
        self.db_file, self.log_file, self.pwa_dir = db_file, log_file, pwa_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self, timeout: float = 20) -> "LiveServer":
        log = open(self.log_file, "ab")
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--workers", "1", "--threads", "4", "--bind",
             f"127.0.0.1:{self.port}", "--graceful-timeout", "1", "server:create_app()"],
            cwd=ROOT, env=_env(self.db_file, self.pwa_dir), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        try:
            self._wait_healthy(timeout)
        except BaseException:
            self.stop()  # never leave a half-started server behind
            raise
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # poll the health endpoint; never a fixed sleep
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_file.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.05)
        raise TimeoutError(f"server did not answer /healthz within {timeout}s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None


class Proxy:
    """Forwards everything to the server, counting bytes. It can lose the reply of the
    next push after the server committed it (`drop_push_replies`), or refuse pushes
    outright (`block_pushes`), or answer 503 to the paths `refuse(path)` names (the Wi-Fi
    gone while the worker fetched them), to show what the app does then."""

    def __init__(self, upstream_port: int):
        self.upstream = upstream_port
        self.drop_push_replies = 0
        self.block_pushes = False
        self.refuse = lambda path: False
        self.refused: list[str] = []
        # on_pull(cursor) → None (forward), "drop" (lose the reply) or "reset" (answer reset)
        self.on_pull = lambda cursor: None
        self.pulls: list[tuple[int, str]] = []  # (cursor asked for, what happened)
        # hold_pull_bodies: a pull page that has more after it goes out as its headers
        # alone until the phone asks for the next page (or HOLD seconds pass); each
        # held page's outcome, "asked ahead" or "timed out", is added to `held`.
        self.hold_pull_bodies = False
        # without_page_headers: pull answers lose Sync-Cursor and Sync-Has-More, as from a
        # server that does not say where the next page starts (bench/first_sync_pwa.py)
        self.without_page_headers = False
        self.held: list[str] = []
        self._pull_asked = threading.Condition()
        self.inflight_pushes = self.most_inflight_pushes = 0
        self._lock = threading.Lock()
        self.pushes: list[tuple[dict, int, dict | None]] = []  # (request, status, answer)
        self.responses: list[tuple[str, int, int]] = []  # (path, status, body bytes)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(proxy):
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                push = self.path.startswith("/api/sync/push")
                if self.path.startswith("/api/sync/pull"):
                    query = parse_qs(urlsplit(self.path).query)
                    cursor = int(query.get("cursor", ["0"])[0])
                    action = proxy.on_pull(cursor)
                    with proxy._pull_asked:
                        proxy.pulls.append((cursor, action or "forwarded"))
                        asked = len(proxy.pulls)
                        proxy._pull_asked.notify_all()
                    if action == "reset":
                        return self.reply(200, [("Content-Type", "application/json")],
                                          b'{"reset": true}')
                    if action == "drop":
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                if proxy.refuse(self.path):
                    proxy.refused.append(self.path)
                    return self.reply(503, [("Content-Type", "text/plain")], b"proxy")
                if push and proxy.block_pushes:
                    return self.reply(503, [("Content-Type", "application/json")],
                                      b'{"error":{"code":"unavailable","message":"proxy"}}')
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "keep-alive")}
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream, timeout=30)
                with proxy._lock:
                    proxy.inflight_pushes += push
                    proxy.most_inflight_pushes = max(proxy.most_inflight_pushes,
                                                     proxy.inflight_pushes)
                try:
                    conn.request(self.command, self.path, body, headers)
                    resp = conn.getresponse()
                    data = resp.read()
                except OSError:
                    return self.reply(502, [], b"")
                finally:
                    conn.close()
                    with proxy._lock:
                        proxy.inflight_pushes -= push
                if push:
                    answer = json.loads(decode(data, resp.getheader("Content-Encoding"))) if resp.status == 200 else None
                    proxy.pushes.append((json.loads(body), resp.status, answer))
                    if proxy.drop_push_replies > 0:
                        proxy.drop_push_replies -= 1
                        self.close_connection = True  # committed on the server; never answered
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                proxy.responses.append((self.path, resp.status, len(data)))
                hold = (proxy.hold_pull_bodies and self.path.startswith("/api/sync/pull")
                        and resp.getheader("Sync-Has-More") == "1")
                headers = resp.getheaders()
                if proxy.without_page_headers:
                    headers = [(k, v) for k, v in headers if not k.lower().startswith("sync-")]
                self.reply(resp.status, headers, data,
                           (lambda: proxy._hold_until_asked_after(asked)) if hold else None)

            do_POST = do_GET

            def reply(self, status, headers, data, before_body=None):
                self.send_response(status)
                for k, v in headers:
                    if k.lower() not in ("connection", "keep-alive", "transfer-encoding",
                                         "content-length", "date", "server"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if before_body is not None:
                    self.wfile.flush()  # the headers are on their way, the body is not
                    before_body()
                self.wfile.write(data)
        return Handler

    HOLD = 5.0

    def _hold_until_asked_after(self, asked: int) -> None:
        """Wait until a pull after the `asked`-th comes in, or HOLD seconds."""
        with self._pull_asked:
            ahead = self._pull_asked.wait_for(lambda: len(self.pulls) > asked, self.HOLD)
            self.held.append("asked ahead" if ahead else "timed out")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN",
         "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def new_phone(browser, **kw):
    """A browser context the size of a small phone: one context, one installed app."""
    return browser.new_context(**{**PHONE, **kw})  # kw may change the phone (its viewport)


def launch_persistent_phone(playwright, profile: Path):
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **PHONE)


def api_login(base_url: str, username: str = "health") -> dict:
    r = requests.post(f"{base_url}/api/auth/login", json={
        "site": "demo", "username": username, "password": PASSWORD,
        "device_id": str(uuid.uuid4())}, timeout=10)
    r.raise_for_status()
    return r.json()


def push(base_url: str, username: str, *mutations: tuple[str, dict], ago: dt.timedelta | None = None) -> dict:
    """(name, args) mutations pushed from a new device of `username`'s, as another phone
    would, every one applied; the device's sign-in answer. `ago`: done that long ago on a
    phone offline since."""
    device = str(uuid.uuid4())
    login = requests.post(f"{base_url}/api/auth/login", timeout=10, json={
        "site": "demo", "username": username, "password": PASSWORD, "device_id": device}).json()
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - (ago or dt.timedelta(0))
    body = {"client_id": device, "schema": 1, "app_version": "test",
            "mutations": [{"id": str(uuid.uuid4()), "name": name, "hlc": f"{int(now.timestamp() * 1000) + i:015d}:00000:t",
                           "device_time": now.isoformat(), "args": args} for i, (name, args) in enumerate(mutations)]}
    r = requests.post(f"{base_url}/api/sync/push", json=body, timeout=10,
                      headers={"Authorization": f"Bearer {login['token']}"})
    r.raise_for_status()
    assert {x["status"] for x in r.json()["results"]} == {"applied"}, r.json()
    return login


def pulled(base_url: str, entity: str, username: str = "admin") -> list[dict]:
    """Every record of `entity` the server holds, as `username` pulls them (a new device,
    from cursor 0), each as it is now."""
    token = api_login(base_url, username)["token"]
    cursor, rows = 0, {}
    while True:
        body = requests.get(f"{base_url}/api/sync/pull", params={"cursor": cursor, "limit": 5000},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        rows.update({c["id"]: c["data"] for c in body["changes"] if c["entity"] == entity})
        cursor = body["cursor"]
        if not body["has_more"]:
            return list(rows.values())


def server_checks(base_url: str) -> list[dict]:
    """Every health check the server holds, as the health teacher pulls them."""
    return pulled(base_url, "health_check", "health")


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
