"""Every /api/ failure, whatever raised it, answers PROTOCOL.md's error body."""
from __future__ import annotations

import logging

from flask import jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("sanguan.api")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "bad_request",
         422: "validation_failed", 429: "too_many_requests", 500: "server_error"}


class APIError(Exception):
    """An error with a status, a stable code and a message for people."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers = fields, headers or {}


def error_response(status: int, code: str, message: str, fields: dict | None = None,
                   headers: dict | None = None):
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    resp = jsonify({"error": body})
    resp.status_code = status
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages → {"mutations[3].args.temperature": ["…"]}."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for k, v in messages.items():
            key = f"{prefix}[{k}]" if isinstance(k, int) else (f"{prefix}.{k}" if prefix else str(k))
            out.update(flatten(v, key))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out[prefix or "_schema"] = messages
    else:
        out[prefix or "_schema"] = [str(messages)]
    return out


def validation_error(e: ValidationError, status: int = 422):
    fields = flatten(e.messages)
    first_key, first = next(iter(fields.items()))
    return APIError(status, "validation_failed", f"{first_key}: {first[0]}", fields)


def _is_api() -> bool:
    return request.path.startswith("/api/")


def register(app):
    @app.errorhandler(APIError)
    def _api_error(e: APIError):
        return error_response(e.status, e.code, e.message, e.fields, e.headers)

    @app.errorhandler(ValidationError)
    def _validation(e: ValidationError):
        err = validation_error(e)
        return error_response(err.status, err.code, err.message, err.fields)

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException):
        if not _is_api():
            return e
        status = e.code or 500
        code = CODES.get(status, "error")
        if status == 413:
            code = "too_large"
        # Keep the exception's own headers (a 405's Allow, RFC 9110), not its HTML type.
        headers = {k: v for k, v in e.get_headers() if k.lower() != "content-type"}
        return error_response(status, code, e.description or e.name, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(e: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if not _is_api():
            return "Internal Server Error", 500
        return error_response(500, "server_error", "the server failed; nothing was changed")
