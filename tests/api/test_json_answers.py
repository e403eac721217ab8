"""The API's JSON answers are written by orjson (server/jsonio.py), straight to bytes: the
same bytes as Flask's own provider writes with this app's settings (UTF-8 Chinese, keys
in their order, a newline at the end), dates and times included."""
import datetime as dt
import json

import pytest
from flask import jsonify
from flask.json.provider import DefaultJSONProvider

from server.jsonio import JSONProvider

BODY = {"hazards": [{"what": "滑梯螺丝松动", "at": dt.datetime(2026, 11, 27, 8, 5, tzinfo=dt.timezone.utc),
                     "deadline": dt.date(2026, 12, 1), "steps": [1, 2.5, None, True], "z": {}, "a": "\"\n"}],
        "count": 1, "ok": False}


def flasks_own(app, *args, **kwargs) -> bytes:
    own = DefaultJSONProvider(app)
    own.ensure_ascii, own.sort_keys = app.json.ensure_ascii, app.json.sort_keys
    return own.response(*args, **kwargs).get_data()


@pytest.mark.parametrize("args, kwargs", [((BODY,), {}), ((), BODY), ((1, "二"), {}), ((), {})])
def test_the_same_bytes_as_flasks_own_provider(app, args, kwargs):
    assert isinstance(app.json, JSONProvider)
    with app.test_request_context():
        ours = jsonify(*args, **kwargs)
        assert ours.mimetype == "application/json"
        assert ours.get_data() == flasks_own(app, *args, **kwargs)
        assert ours.get_data().endswith(b"\n")


def test_chinese_goes_as_utf_8(app):
    with app.test_request_context():
        assert "滑梯螺丝松动".encode() in jsonify(BODY).get_data()


def test_an_answer_asked_for_sorted_or_ascii_goes_through_flask(app):
    with app.test_request_context():
        app.json.sort_keys, app.json.ensure_ascii = True, True
        try:
            assert jsonify(BODY).get_data() == flasks_own(app, BODY)
            assert json.loads(jsonify(BODY).get_data()) == json.loads(flasks_own(app, BODY))
            assert b"\\u6ed1" in jsonify(BODY).get_data()
        finally:
            app.json.sort_keys, app.json.ensure_ascii = False, False
