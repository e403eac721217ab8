import json
import re

from flask import current_app, request

from ..errors import APIError

# Text JSON can carry but the databases can't store: NUL (PostgreSQL text) and lone UTF-16
# surrogates (no UTF-8 form; JSON.stringify of a note cut mid-emoji sends "\ud83d").
# Either would fail the whole push with a 500 and jam the phone's outbox; it becomes
# U+FFFD, as a browser's TextEncoder does, so a bad entry is answered alone. Both can
# only arrive as \u escapes, so the raw body is checked first and most bodies skip this.
_ESCAPED = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value):
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_storable(v) for v in value]
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    return value


def json_body():
    """The request's JSON, or a 400 that says why not."""
    if not request.is_json:
        raise APIError(400, "malformed_request", "send a JSON body (Content-Type: application/json)")
    # A Content-Length over MAX_CONTENT_LENGTH is refused (413) before a byte is read. A
    # body without one (chunked) is read only up to the limit: reaching it means there
    # is more, which is never read, and the answer is the same 413, not a parse error.
    request.get_data(cache=True)
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if (request.content_length is None and limit is not None
            and getattr(request.stream, "is_exhausted", False)):
        raise APIError(413, "too_large", f"a body may be at most {limit:,} bytes")
    data = request.get_json(silent=True)
    escaped = _ESCAPED.search(request.get_data(cache=True))
    if data is None and escaped:
        data = _lenient(request.get_data(cache=True))
    if data is None:
        raise APIError(400, "malformed_json", "the body is not valid JSON")
    if not isinstance(data, dict):
        raise APIError(400, "malformed_request", "the body must be a JSON object")
    return _storable(data) if escaped else data


def _lenient(raw: bytes):
    """The stdlib parser, which accepts lone surrogate escapes (valid JSON grammar) that
    orjson refuses; None if the body is not JSON at all. NaN and Infinity are not JSON:
    refused here too, as orjson refuses them in any other body."""
    try:
        return json.loads(raw, parse_constant=_not_json)
    except ValueError:
        return None


def _not_json(name: str):
    raise ValueError(f"{name} is not JSON")
