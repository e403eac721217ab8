"""A school's own settings (Site.settings), over the defaults, and the schemas that keep
them valid: the zone self-check checklists per kind of zone ("zone_checklists", read by
GET /api/zones/checklists) and the disinfection rules ("disinfection", read by
server.rules.disinfection.rules_for on the server and, through the feed, on the phones).
"""
from __future__ import annotations

import secrets

from marshmallow import (RAISE, Schema, ValidationError, fields, validate, validates,
                         validates_schema)

from .rules import disinfection as rules
from .rules.zones import EQUIPMENT_CHECKLISTS, ZONE_CHECKLISTS, checklist

KEY = validate.Regexp(r"^[A-Za-z0-9_.-]{1,32}$", error="letters, digits, _ . - (1 to 32)")
MAX_ROUNDS = 6  # a day's rounds of an item; outbreak mode may double them (12, the most a round number takes)


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class ChecklistItem(_Strict):
    # An item keeps its key for good: recorded checks hold their results by key. A new
    # item (no key) gets a fresh one, never one a removed item had.
    key = fields.String(load_default=None, allow_none=True, validate=KEY)
    zh = fields.String(required=True, validate=validate.Length(1, 100))
    en = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class ChecklistSchema(_Strict):
    items = fields.List(fields.Nested(ChecklistItem), required=True,
                        validate=validate.Length(1, 40, error="a checklist has 1 to 40 items"))

    @validates_schema
    def _unique_keys(self, data, **kw):
        keys = [i["key"] for i in data["items"] if i.get("key")]
        if len(keys) != len(set(keys)):
            raise ValidationError("two items have the same key", "items")


def with_keys(items: list[dict]) -> list[dict]:
    """The items as stored: each with its key (new ones get a fresh one) and both labels."""
    taken = {i["key"] for i in items if i.get("key")}
    out = []
    for i in items:
        key = i.get("key")
        while not key or key in taken and not i.get("key"):
            key = "i" + secrets.token_hex(4)
        taken.add(key)
        out.append({"key": key, "zh": i["zh"].strip(), "en": (i.get("en") or i["zh"]).strip()})
    return out


Rounds = lambda: fields.Integer(strict=True, validate=validate.Range(0, MAX_ROUNDS))  # noqa: E731
Amount = lambda: fields.Float(validate=validate.Range(0, rules.AMOUNT_MAX, min_inclusive=False))  # noqa: E731


class OutbreakSchema(_Strict):
    rounds_factor = fields.Integer(strict=True, validate=validate.Range(1, 2))
    chlorine_factor = fields.Float(validate=validate.Range(1, 4))


class DisinfectionSettings(_Strict):
    """The site's own disinfection rules; what is left out keeps the default."""
    daily = fields.Dict(keys=fields.String(validate=validate.OneOf(rules.ITEMS)), values=Rounds())
    minimum = fields.Dict(keys=fields.String(validate=validate.OneOf(tuple(rules.METHODS))),
                          values=fields.Dict(keys=fields.String(validate=validate.OneOf(
                              rules.ITEMS + ("*",))), values=Amount()))
    observation_room_chlorine = Amount()
    outbreak = fields.Nested(OutbreakSchema)
    allowed_methods = fields.Dict(
        keys=fields.String(validate=validate.OneOf(rules.ITEMS)),
        values=fields.List(fields.String(validate=validate.OneOf(tuple(rules.METHODS))),
                           validate=validate.Length(min=1)))

    @validates("minimum")
    def _not_below_the_national_minimum(self, value, **kw):
        """A school may be stricter than 托儿所幼儿园卫生保健工作规范 (annex 3), never laxer."""
        errors = {}
        for method, by_item in value.items():
            for item, amount in by_item.items():
                floor = rules.minimum(rules.DEFAULT_RULES, item, method)
                if floor is not None and amount < floor:
                    errors[f"{method}.{item}"] = [
                        f"must not be below the national minimum of {floor:g} {rules.METHODS[method]}"]
                elif amount > rules.amount_max(method):  # no round could reach it
                    errors[f"{method}.{item}"] = [
                        f"must be at most {rules.amount_max(method):g} {rules.METHODS[method]}"]
        if errors:
            raise ValidationError(errors)

    @validates("observation_room_chlorine")
    def _observation_room(self, value, **kw):
        floor = rules.DEFAULT_RULES["observation_room_chlorine"]
        if value < floor:
            raise ValidationError(f"must not be below the national minimum of {floor:g} mg/L")


class SettingsSchema(_Strict):
    """The whole of Site.settings: only the keys something reads."""
    zone_checklists = fields.Dict(keys=fields.String(validate=validate.Length(1, 32)),
                                  values=fields.List(fields.Nested(ChecklistItem),
                                                     validate=validate.Length(1, 40)))
    disinfection = fields.Nested(DisinfectionSettings)


class RoomNeedsSchema(_Strict):
    """A room's own rounds per item (an item left out: not needed there); null puts the
    room back on the school's daily defaults."""
    needs = fields.Dict(keys=fields.String(validate=validate.OneOf(rules.ITEMS)),
                        values=fields.Integer(strict=True, validate=validate.Range(0, MAX_ROUNDS)),
                        required=True, allow_none=True)


def zone_checklists(settings: dict | None) -> dict[str, dict]:
    """Every kind of zone's checklist as in force: the school's own, or the default."""
    custom = (settings or {}).get("zone_checklists") or {}
    return {k: {"items": checklist(k, custom), "custom": k in custom}
            for k in sorted(set(ZONE_CHECKLISTS) | set(custom))}


def phone_checklists(settings: dict | None) -> dict:
    """What a phone checks zones and equipment against: each kind of zone's items as in
    force, the items of a kind with none of its own, and each kind of equipment's. Read by
    GET /api/zones/checklists and carried in the feed's site record, so that a phone has
    them offline from its first sync."""
    return {"zones": {k: v["items"] for k, v in zone_checklists(settings).items()},
            "default": checklist("", {}),
            "equipment": {k: checklist("", {"": v}) for k, v in EQUIPMENT_CHECKLISTS.items()}}
