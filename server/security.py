"""Headers every answer carries, and the request id that ties an answer to its log lines.

No cookie is ever set: the API authenticates with a bearer token the app keeps in
IndexedDB and sends in `Authorization`, so there is no ambient credential for another
site to ride on (no CSRF) and nothing for a cookie flag to protect. Should a cookie ever
be added, it must be HttpOnly, Secure and SameSite, and its forms need a CSRF token.
"""
from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, g, request

# No inline script or style anywhere: what the page runs is a file the server serves.
# (An inline <script type="importmap"> counts as inline script and is refused too.)
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'",
    "img-src 'self' data: blob:", "connect-src 'self'", "worker-src 'self'",
    "manifest-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}

# A request id from a proxy or a client is kept if it is short and plain; anything else
# is replaced, so that a header can't forge or break a log line.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

log = logging.getLogger("sanguan.request")


def request_id() -> str:
    return g.get("request_id") or "-"


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields) -> None:
    """One structured log line: a JSON object with the event, the request id and fields."""
    line = {"event": event, "request_id": request_id(), **fields}
    logger.log(level, json.dumps(line, ensure_ascii=False, default=str, separators=(",", ":")))


def register(app: Flask) -> None:
    policy = app.config.get("CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
    headers = {**HEADERS, "Content-Security-Policy": policy}

    @app.before_request
    def _request_id():
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _headers(resp):
        for name, value in headers.items():
            resp.headers.setdefault(name, value)
        resp.headers["X-Request-ID"] = request_id()
        return resp
