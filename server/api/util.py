from flask import current_app, request

from ..errors import APIError


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
    if data is None:
        raise APIError(400, "malformed_json", "the body is not valid JSON")
    if not isinstance(data, dict):
        raise APIError(400, "malformed_request", "the body must be a JSON object")
    return data
