from flask import request

from ..errors import APIError


def json_body():
    """The request's JSON, or a 400 that says why not."""
    if not request.is_json:
        raise APIError(400, "malformed_request", "send a JSON body (Content-Type: application/json)")
    data = request.get_json(silent=True)
    if data is None:
        raise APIError(400, "malformed_json", "the body is not valid JSON")
    if not isinstance(data, dict):
        raise APIError(400, "malformed_request", "the body must be a JSON object")
    return data
