"""marshmallow's `Schema.load`, faster for the input that is valid.

A push is 500 mutations, each an envelope and a handler's arguments; marshmallow's
general machinery (error stores, closures, validators composed anew on every call)
cost more than the rest of the push. `loader(schema)` returns a function that loads
as `schema.load` does: valid input goes through a plan made once from the schema's
own fields — each field's `_deserialize` and validators, called directly — and
anything the plan refuses, or any schema it can't plan, goes to `schema.load` itself.
So what is valid loads to the same values, and what is invalid gets marshmallow's own
error messages: the plan never builds an error.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

from marshmallow import EXCLUDE, RAISE, Schema, fields
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA
from marshmallow.utils import is_collection, missing


class _Refused(Exception):
    """The plan can't vouch for this input; marshmallow decides."""


class _Unplanned(Exception):
    """The schema uses something the plan does not cover: always marshmallow."""


_loaders: dict[tuple[int, str | None], tuple[Schema, Callable]] = {}


def loader(schema: Schema, unknown: str | None = None) -> Callable[[Any], dict]:
    """A function equal to `lambda data: schema.load(data, unknown=unknown)`."""
    key = (id(schema), unknown)
    hit = _loaders.get(key)
    if hit is not None and hit[0] is schema:
        return hit[1]
    try:
        plan = _plan_schema(schema, unknown)
    except _Unplanned:
        plan = None

    def load(data):
        if plan is not None:
            try:
                return plan(data)
            except Exception:  # noqa: BLE001 - marshmallow gives the answer, error or not
                pass
        return schema.load(data, unknown=unknown)
    _loaders[key] = (schema, load)  # the schema is kept alive, so its id stays its own
    return load


def _plan_schema(schema: Schema, unknown: str | None) -> Callable[[Any], dict]:
    hooks = schema._hooks
    if schema.many or schema.partial or hooks[PRE_LOAD] or hooks[POST_LOAD] or hooks[VALIDATES]:
        raise _Unplanned
    unknown = schema.unknown if unknown is None else unknown
    if unknown not in (EXCLUDE, RAISE):
        raise _Unplanned  # INCLUDE copies unknown keys: marshmallow does it
    # The schema validators in marshmallow's order: the pass_collection ones first.
    validators = [getattr(schema, name) for pass_many in (True, False)
                  for name, hook_many, kw in hooks[VALIDATES_SCHEMA]
                  if hook_many == pass_many and not kw.get("pass_original")]
    if len(validators) != len(hooks[VALIDATES_SCHEMA]):
        raise _Unplanned
    steps = []
    for attr, field in schema.load_fields.items():
        key = field.data_key if field.data_key is not None else attr
        target = field.attribute or attr
        if "." in target:
            raise _Unplanned  # marshmallow nests dotted attributes
        default = field.load_default
        steps.append((key, target, field.required, default, callable(default),
                      _plan_field(field, key)))
    known = frozenset(s[0] for s in steps)
    dict_class = schema.dict_class

    def plan(data):
        if type(data) is not dict and not isinstance(data, Mapping):  # (the ABC check is slow)
            raise _Refused
        if unknown == RAISE and not known.issuperset(data):
            raise _Refused
        out = dict_class()
        get = data.get
        for key, target, required, default, call, convert in steps:
            value = get(key, missing)
            if value is missing:
                if required:
                    raise _Refused
                if default is missing:
                    continue
                out[target] = default() if call else default
            else:
                out[target] = convert(value, data)
        for validate in validators:
            validate(out, partial=None, many=False, unknown=unknown)
        return out
    return plan


def _plan_field(field: fields.Field, key: str | None) -> Callable[[Any, Any], Any]:
    """(value, data) → what `field.deserialize(value, key, data)` returns, for a present
    value; raises where it would."""
    if getattr(field, "pre_load", None) or getattr(field, "post_load", None):
        raise _Unplanned
    allow_none = field.allow_none
    checks = tuple(field.validators)
    if isinstance(field, fields.Nested):
        if field.many or field.schema.many or field.only or field.exclude:
            raise _Unplanned
        core = _nested(_plan_schema(field.schema, field.unknown))
    elif isinstance(field, fields.List):
        core = _list(_plan_field(field.inner, None))  # items are loaded without a name
    elif type(field) is fields.String:  # a JSON string is a str: nothing to convert
        def core(value, data):
            if type(value) is not str:
                raise _Refused
            return value
    elif type(field) is fields.Raw:
        core = None  # the value as it is
    elif isinstance(field, (fields.Dict, fields.Tuple, fields.Method, fields.Function)):
        raise _Unplanned  # their _deserialize reaches into the full path anyway
    else:
        deserialize = field._deserialize

        def core(value, data):
            return deserialize(value, key, data)

    if core is None and not checks and allow_none:
        return lambda value, data: value

    def convert(value, data):
        if value is None:
            if allow_none:
                return None
            raise _Refused
        out = value if core is None else core(value, data)
        for check in checks:
            check(out)
        return out
    return convert


def _nested(plan):
    def core(value, data):
        return plan(value)
    return core


def _list(item):
    def core(value, data):
        if not is_collection(value):
            raise _Refused
        return [item(each, None) for each in value]
    return core

