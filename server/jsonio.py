"""JSON encoded and decoded by orjson, for the API and for JSON columns.

A first sync sends every record of the school, and the standard library's encoder and
decoder were a large share of the server's time on it. The output is the same JSON:
keys in insertion order, non-ASCII as UTF-8, dates and times still through Flask's
`default` (they are strings before they get here everywhere the feed is concerned).
"""
from __future__ import annotations

import orjson
from flask.json.provider import DefaultJSONProvider

# int keys become strings as with the json module; datetimes go to `default`.
OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def dumps(obj) -> str:
    """For SQLAlchemy's JSON columns (`json_serializer`)."""
    return orjson.dumps(obj, default=DefaultJSONProvider.default, option=OPTIONS).decode()


def dumps_bytes(obj) -> bytes:
    """An answer's body, compact, as the provider writes it; orjson.Fragment values (a
    pull's stored records) are spliced in without being parsed."""
    return orjson.dumps(obj, default=DefaultJSONProvider.default, option=OPTIONS)


loads = orjson.loads


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, encoding with orjson unless asked for what only the json
    module does (indentation in debug mode, sorted keys, ASCII-only output). Its output
is always compact, as Flask's responses are."""

    def dumps(self, obj, **kwargs) -> str:
        compact = not kwargs or kwargs == {"separators": (",", ":")}  # what response() asks
        if not compact or self.sort_keys or self.ensure_ascii:
            return super().dumps(obj, **kwargs)
        return orjson.dumps(obj, default=self.default, option=OPTIONS).decode()

    def response(self, *args, **kwargs):
        """jsonify's answer, its body written as bytes by orjson: the same text as
        Flask's own (compact, a newline at the end) without making it a str first and
        encoding that back to UTF-8; for a ledger of thousands of hazards, 5 MB of
        mostly Chinese text, the two took longer than encoding the JSON."""
        if (self.compact is None and self._app.debug) or self.compact is False \
                or self.sort_keys or self.ensure_ascii:
            return super().response(*args, **kwargs)
        body = orjson.dumps(self._prepare_response_obj(args, kwargs), default=self.default,
                            option=OPTIONS | orjson.OPT_APPEND_NEWLINE)
        return self._app.response_class(body, mimetype=self.mimetype)

    def loads(self, s, **kwargs):
        return super().loads(s, **kwargs) if kwargs else orjson.loads(s)
