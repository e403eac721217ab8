"""sync.validation.loader loads as marshmallow's Schema.load does: the same values for
valid input, marshmallow's own error for invalid input, for the push envelope and the
arguments of every registered mutation."""
import datetime as dt
import uuid

import pytest
from hypothesis import HealthCheck as HC, given, settings, strategies as st
from marshmallow import EXCLUDE, ValidationError, fields, validate

from server.mutations import registry
from server.schemas import push_schema
from sync.validation import loader

SCHEMAS = [(h.name, h.schema, EXCLUDE) for h in registry] + [("push", push_schema, None)]
junk = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True),
                 st.text(max_size=5), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def valid(field: fields.Field, depth: int) -> st.SearchStrategy:
    """Values the field accepts (mostly: a schema's own rules may still refuse them)."""
    low = high = size = pattern = None
    for v in field.validators:
        if isinstance(v, validate.OneOf):
            return st.sampled_from(list(v.choices))
        if isinstance(v, validate.Range):
            low, high = v.min, v.max
        if isinstance(v, validate.Length):
            size = (v.min or 0, v.max if v.max is not None else 8)
        if isinstance(v, validate.Regexp):
            pattern = v.regex
    if isinstance(field, fields.Nested):
        return record(field.schema, depth + 1)
    if isinstance(field, fields.List):
        lo, hi = size or (0, 3)
        return st.lists(valid(field.inner, depth), min_size=lo, max_size=min(hi, 3))
    if isinstance(field, fields.UUID) or field.metadata.get("format") == "uuid":
        return st.one_of(st.uuids().map(str), st.uuids().map(lambda u: str(u).upper()))
    if isinstance(field, fields.Date):
        return st.dates().map(dt.date.isoformat)
    if isinstance(field, fields.DateTime):
        zone = st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=8)),
                                dt.timezone(dt.timedelta(hours=14)),
                                dt.timezone(dt.timedelta(hours=-12))])
        return st.datetimes(timezones=zone).map(dt.datetime.isoformat)
    if isinstance(field, fields.Float):
        lo, hi = int((low if low is not None else -100) * 10), int((high if high is not None else 100) * 10)
        return st.one_of(st.integers(lo, hi).map(lambda t: t / 10), st.integers(lo // 10, hi // 10))
    if isinstance(field, fields.Integer):
        return st.integers(low if low is not None else -5, high if high is not None else 50)
    if isinstance(field, fields.Boolean):
        return st.booleans()
    if isinstance(field, fields.String):
        if pattern is not None:
            return st.from_regex(pattern, fullmatch=True)
        lo, hi = size or (0, 8)
        return st.text(min_size=lo, max_size=min(hi, 12))
    return junk


def record(schema, depth: int = 0) -> st.SearchStrategy:
    """A dict for the schema: every field valid, some left out, one perhaps spoiled."""
    if depth > 2:
        return st.just({})
    names = {(f.data_key or name): f for name, f in schema.load_fields.items()}
    required = {k: valid(f, depth) for k, f in names.items() if f.required}
    optional = {k: valid(f, depth) for k, f in names.items() if not f.required}

    def spoil(draw):
        value = draw(st.fixed_dictionaries(required, optional={**optional,
                                                               "unknown_key": st.integers()}))
        if names and draw(st.integers(0, 3)) == 0:
            key = draw(st.sampled_from(sorted(names)))
            if draw(st.booleans()):
                value[key] = draw(junk)
            else:
                value.pop(key, None)
        return value
    return st.composite(lambda draw: spoil(draw))()


def outcome(load, data):
    try:
        return "ok", load(data)
    except ValidationError as e:
        return "error", e.messages


@pytest.mark.parametrize("name,schema,unknown", SCHEMAS, ids=[s[0] for s in SCHEMAS])
@settings(max_examples=150, deadline=None, suppress_health_check=[HC.too_slow])
@given(data=st.data())
def test_loads_as_marshmallow_does(name, schema, unknown, data):
    value = data.draw(record(schema))
    assert outcome(loader(schema, unknown), value) == outcome(
        lambda d: schema.load(d, unknown=unknown), value)


def test_a_valid_check_loads_without_marshmallow_machinery(monkeypatch):
    """The fast plan does the work for valid input (Schema.load is not called)."""
    schema = registry.get("check.record").schema
    load = loader(schema, EXCLUDE)
    monkeypatch.setattr(type(schema), "load", lambda *a, **k: pytest.fail("slow path"))
    args = load({"child_id": str(uuid.uuid4()), "date": "2026-11-24", "session": "noon",
                 "status": "abnormal", "temperature": 38.1, "symptoms": ["fever"],
                 "extra": 1})
    assert args["temperature"] == 38.1 and args["symptoms"] == ["fever"]
    assert args["date"] == dt.date(2026, 11, 24)


def test_check_ids_load_as_canonical_text():
    """A check's child and class ids load as lowercase hyphenated text, however a phone
    spelt the UUID: its natural id is made of that text."""
    load = loader(registry.get("check.record").schema, EXCLUDE)
    kid, cls = uuid.uuid4(), uuid.uuid4()
    for spelling in (str(kid), str(kid).upper(), kid.hex, f"{{{kid}}}", kid.urn):
        args = load({"child_id": spelling, "class_id": str(cls).upper(), "date": "2026-11-24",
                     "session": "noon", "status": "normal"})
        assert args["child_id"] == str(kid) and args["class_id"] == str(cls)
    assert load({"child_id": str(kid), "class_id": None, "date": "2026-11-24",
                 "session": "noon", "status": "normal"})["class_id"] is None
    with pytest.raises(ValidationError):
        load({"child_id": "not-a-uuid", "date": "2026-11-24", "session": "noon",
              "status": "normal"})


def test_invalid_input_gets_marshmallows_error():
    schema = registry.get("check.record").schema
    with pytest.raises(ValidationError) as e:
        loader(schema, EXCLUDE)({"child_id": "abc", "date": "2026-02-30", "session": "noon",
                                 "status": "normal"})
    assert set(e.value.messages) == {"child_id", "date"}
