"""The API's JSON answers compressed for the phones that take it.

A pull page of a thousand checks is about 1.1 MB of JSON and mostly the same ids, keys and
clock texts over again: zstd at its fastest level makes it 15 times smaller in about 2 ms,
gzip at its fastest 11 times in 4 ms. On the school's Wi-Fi, in a stairwell, that is the
difference between a first sync that finishes and one cut off halfway again and again.
Browsers decode either by themselves (Chromium asks for zstd, br and gzip), so the phone's
code does not change.

What is compressed: JSON answers under /api/ of at least MIN_BYTES, to a client whose
Accept-Encoding takes zstd or gzip (zstd first: it compresses several times faster);
anything else goes as it is. Sign-in answers never are: they carry a new token, and a
secret compressed beside text an attacker chose leaks through the length (BREACH).
Static files are compressed once, ahead (server/pwa.py).
"""
from __future__ import annotations

import gzip

from flask import Flask, Response, request

try:  # Python 3.14 has it; before that, the backport (requirements.txt)
    from compression import zstd
except ImportError:  # pragma: no cover - depends on the Python version
    from backports import zstd

MIN_BYTES = 1400  # about one packet: smaller answers gain nothing worth the bytes of headers
ZSTD_LEVEL = 1
GZIP_LEVEL = 1
SECRETS = ("/api/auth/",)  # answers that carry a token


def _encode(data: bytes, encoding: str) -> bytes:
    if encoding == "zstd":
        return zstd.compress(data, ZSTD_LEVEL)
    return gzip.compress(data, GZIP_LEVEL, mtime=0)


def decode(data: bytes, encoding: str | None) -> bytes:
    """An answer's bytes as they were before compress_answer (None: as sent); what a
    client does, for the tests and tools that read answers raw."""
    if encoding == "zstd":
        return zstd.decompress(data)
    if encoding == "gzip":
        return gzip.decompress(data)
    if encoding is not None:
        raise ValueError(f"not an encoding of this server: {encoding}")
    return data


def chosen_encoding(accept) -> str | None:
    """zstd or gzip if the client's Accept-Encoding takes it (q > 0), else None."""
    for encoding in ("zstd", "gzip"):
        if accept.quality(encoding) > 0:
            return encoding
    return None


def compress_answer(resp: Response) -> Response:
    if (not request.path.startswith("/api/") or request.path.startswith(SECRETS)
            or resp.direct_passthrough or resp.is_streamed
            or resp.mimetype != "application/json" or "Content-Encoding" in resp.headers
            or request.method == "HEAD"):
        return resp
    resp.vary.add("Accept-Encoding")  # a cache in between must not hand one to the other
    encoding = chosen_encoding(request.accept_encodings)
    if encoding is None or (resp.content_length or 0) < MIN_BYTES:
        return resp
    resp.set_data(_encode(resp.get_data(), encoding))
    resp.headers["Content-Encoding"] = encoding
    return resp


def register(app: Flask) -> None:
    app.after_request(compress_answer)
