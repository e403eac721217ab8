"""Request and response bodies of the HTTP API. The same schema instances validate the
requests and describe them at /api/openapi.json."""
import datetime as dt
import re
import uuid

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

Str = fields.String


class ErrorBody(Schema):
    code = Str(required=True)
    message = Str(required=True)
    fields = fields.Dict(keys=Str(), values=fields.List(Str()))


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBody, required=True)


class LoginSchema(Schema):
    class Meta:
        unknown = EXCLUDE
    site = Str(required=True, validate=validate.Length(1, 64))
    username = Str(required=True, validate=validate.Length(1, 64))
    password = Str(required=True, load_only=True, validate=validate.Length(1, 256))
    device_id = Str(required=True, validate=validate.Regexp(r"^[0-9A-Za-z-]{8,64}$"),
                    metadata={"description": "The installed app's client id (a UUID)."})


class UserSchema(Schema):
    id = Str()
    name = Str()
    username = Str()
    role = Str(metadata={"enum": ["admin", "health", "caregiver", "guard"]})
    site = Str()
    site_id = Str()
    site_name = Str()
    timezone = Str()
    locale = Str()
    class_ids = fields.List(Str())


class LoginResponse(Schema):
    token = Str(required=True)
    user = fields.Nested(UserSchema, required=True)


# A UUID as phones write it (_UUID_TEXT: its canonical text). Text of this shape is
# always a UUID; anything else that uuid.UUID accepts (braces, no hyphens, a urn:uuid:
# prefix) is checked by uuid.UUID itself.
_UUID_SHAPE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                         r"[0-9a-fA-F]{12}")
_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(value: str) -> None:
    if type(value) is str and _UUID_SHAPE.fullmatch(value):
        return
    try:
        uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        raise ValidationError("not a UUID") from None


def canonical_uuid(text: str) -> str:
    """A valid UUID's canonical text: one mutation spelled two ways (upper case, braces,
    a urn:uuid: prefix) is still one mutation, applied once."""
    return text if _UUID_TEXT.fullmatch(text) else str(uuid.UUID(text))


class UUIDText(fields.UUID):
    """A UUID loaded as its canonical text (lowercase, hyphenated) instead of a
    uuid.UUID: ids are text everywhere past the API, and a push of 500 mutations made
    and printed a UUID object for each of them. Accepts what fields.UUID accepts."""

    def _deserialize(self, value, attr, data, **kwargs) -> str | None:
        if type(value) is str and _UUID_TEXT.fullmatch(value):
            return value
        got = super()._deserialize(value, attr, data, **kwargs)
        return None if got is None else str(got)


class Day(fields.Date):
    """A day of the school's records, 2000-01-01 to 2099-12-31. A day outside them is a
    phone's clock or a slip of the finger, not a school day, and the rules' arithmetic
    on days (an outbreak's window, a follow-up's) would run off the calendar."""
    FIRST, LAST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.insert(0, validate.Range(self.FIRST, self.LAST,
                                                 error="a day from {min} to {max}"))


class Text(fields.String):
    """Words someone typed, without the spaces around them: a required one that is only
    spaces is refused as blank (a phone's `required` lets "   " through), and its length
    is counted without them."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        got = super()._deserialize(value, attr, data, **kwargs).strip()
        if not got and self.required:
            raise ValidationError("must not be blank")
        return got


class Moment(fields.AwareDateTime):
    """A time something was done at the school, with its offset, within Day's years (in
    UTC). Outside them it is no time of the school's, and converting it to UTC or to the
    school's zone would run off the calendar (year 1 at +14:00 is before year 1 in UTC)."""
    FIRST = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    LAST = dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)

    def _deserialize(self, value, attr, data, **kwargs):
        got = super()._deserialize(value, attr, data, **kwargs)
        if not 2000 <= got.year <= 2099 or not self.FIRST <= got < self.LAST:
            raise ValidationError("a time from 2000 to 2099")
        return got


class MutationSchema(Schema):
    """One outbox entry. Only `id` is checked here: whatever else is wrong with an entry
    is answered by a `rejected` result for it alone, so it cannot jam the queue."""
    class Meta:
        unknown = EXCLUDE
    # Missing or null is let through too (as None): the engine rejects it
    # (unknown_mutation, invalid_clock, validation_failed) without failing the batch.
    # Any spelling uuid.UUID reads; applied and logged by its canonical text, and the
    # result answers with the phone's own spelling.
    id = Str(required=True, validate=_uuid, metadata={"format": "uuid"})
    name = fields.Raw(load_default=None, metadata={"type": "string", "example": "check.record"})
    hlc = fields.Raw(load_default=None, metadata={
        "type": "string", "example": "001764057492345:00000:3f2c8a4e-0d1b-4c5a-9e7f-2b6d8c1a0e3f"})
    device_time = fields.Raw(load_default=None, metadata={
        "type": "string", "format": "date-time", "example": "2026-11-24T07:58:12.345+08:00"})
    args = fields.Raw(load_default=None, metadata={"type": "object"})


# Optional on a push and a pull (added to PROTOCOL.md version 1: a server that does not
# know it ignores it): how many mutations the device still holds queued, for the admin's
# view of the phones. On a push, those besides the ones it carries.
def _outbox():
    return fields.Integer(load_default=None, allow_none=True, validate=validate.Range(0, 10**7),
                          metadata={"description": "Mutations the device still holds queued "
                                                   "(on a push: besides those in this push), as "
                                                   "it reports it; shown in the admin's device view."})


class PushSchema(Schema):
    class Meta:
        unknown = EXCLUDE
    client_id = Str(required=True, validate=validate.Regexp(r"^[0-9A-Za-z-]{8,64}$"))
    schema = fields.Integer(required=True, strict=True)
    app_version = Str(load_default=None, allow_none=True, validate=validate.Length(max=32))
    sent_at = fields.AwareDateTime(load_default=None, allow_none=True, metadata={
        "description": "The device's clock when it sent the push; lets the server "
                       "measure the clock offset of the device."})
    mutations = fields.List(fields.Nested(MutationSchema), required=True,
                            validate=validate.Length(max=500))
    outbox = _outbox()


class DiscardedSchema(Schema):
    class Meta:
        unknown = EXCLUDE
    id = fields.UUID(required=True)
    name = Str(required=True, validate=validate.Length(max=64))
    hlc = Str(load_default=None, allow_none=True, validate=validate.Length(max=128))
    device_time = Str(load_default=None, allow_none=True, validate=validate.Length(max=64))
    args = fields.Raw(load_default=None, metadata={"type": "object"})
    code = Str(load_default=None, allow_none=True, validate=validate.Length(max=64))
    message = Str(load_default=None, allow_none=True, validate=validate.Length(max=500))


class DiscardSchema(Schema):
    """Rejected mutations a person chose to discard on the phone: logged, never applied."""
    class Meta:
        unknown = EXCLUDE
    client_id = Str(required=True, validate=validate.Regexp(r"^[0-9A-Za-z-]{8,64}$"))
    mutations = fields.List(fields.Nested(DiscardedSchema), required=True,
                            validate=validate.Length(min=1, max=500))


class ResultSchema(Schema):
    id = Str(required=True)
    status = Str(required=True, metadata={"enum": ["applied", "duplicate", "rejected"]})
    code = Str()
    message = Str()


class PushResponse(Schema):
    results = fields.List(fields.Nested(ResultSchema), required=True)
    server_time = fields.AwareDateTime(required=True)


class PullQuery(Schema):
    class Meta:
        unknown = EXCLUDE
    cursor = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**62))
    limit = fields.Integer(load_default=1000, validate=validate.Range(min=1, max=5000))
    outbox = _outbox()


class ChangeSchema(Schema):
    seq = fields.Integer(required=True)
    entity = Str(required=True)
    id = Str(required=True)
    op = Str(required=True, metadata={"enum": ["put", "delete"]})
    data = fields.Dict()


class PullResponse(Schema):
    changes = fields.List(fields.Nested(ChangeSchema), required=True)
    cursor = fields.Integer(required=True)
    has_more = fields.Boolean(required=True)
    reset = fields.Boolean()


login_schema = LoginSchema()
push_schema = PushSchema()
pull_query = PullQuery()
discard_schema = DiscardSchema()


MONTH_PATTERN = r"^20\d\d-(0[1-9]|1[0-2])$"


class MonthQuery(Schema):
    """The month a printed form covers."""
    month = Str(required=True, validate=validate.Regexp(MONTH_PATTERN),
                metadata={"description": "YYYY-MM"})


class ClassMonthQuery(MonthQuery):
    """A class's form (晨午检记录, 消毒记录) for a month."""
    class_id = Str(required=True, validate=validate.Length(1, 64))


class AnyMonthQuery(Schema):
    """The hazard ledger: one month's hazards, or all of them."""
    month = Str(validate=validate.Regexp(MONTH_PATTERN), metadata={"description": "YYYY-MM"})


class BulletinDraftSchema(Schema):
    class Meta:
        unknown = EXCLUDE
    week = fields.Date(required=True, metadata={
        "description": "any day of the week; the bulletin is for its Monday to Sunday"})


class BulletinEditSchema(Schema):
    class Meta:
        unknown = EXCLUDE
    title = Str(validate=validate.Length(1, 200))
    text = Str(validate=validate.Length(1, 20000))
    photos = fields.List(Str(validate=validate.Regexp(r"^[0-9a-f]{64}$")),
                         validate=validate.Length(max=20),
                         metadata={"description": "which of the drafted photos to show"})
