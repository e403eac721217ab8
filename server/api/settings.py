"""The admin's rules of the school: each room's disinfection needs, the site's settings
(zone checklists, disinfection rules) and the visitor block list. Every change is
validated, audited (who, when, before, after) and fed to the phones."""
from __future__ import annotations

import copy
import uuid

from flask import Blueprint, g, jsonify
from marshmallow import fields, validate
from sqlalchemy import select

from sync import Change

from ..admin import audit, publish, room_needs, set_room_needs, snapshot, stamp_edit
from ..extensions import db
from ..errors import APIError
from ..models import BlockEntry, Room, Site
from ..rules import disinfection as rules
from ..rules import identity
from ..school import by_person
from ..settings import (ChecklistSchema, DisinfectionSettings, RoomNeedsSchema, with_keys,
                        zone_checklists)
from .admin import _Loose, admin_only, get_or_404
from .meta import documented
from .util import json_body

bp = Blueprint("admin_rules", __name__, url_prefix="/api/admin")


# -- a room's disinfection needs ---------------------------------------------------------------

def _needs(room: Room, site: Site) -> dict:
    """Each item's rounds a day in this room as in force, and the school's default; `own`:
    the room has needs of its own (else it follows the defaults)."""
    site_rules = rules.rules_for(site.settings)
    own = room_needs(db.session, room)
    in_force = rules.daily_needs(site_rules, own)
    return {"room_id": room.id, "own": bool(own), "needs": [
        {"item": item, "rounds": in_force.get(item, 0), "default": site_rules["daily"].get(item, 0)}
        for item in rules.ITEMS]}


@bp.get("/rooms/<room_id>/needs")
@admin_only
def get_room_needs(room_id: str):
    return jsonify(_needs(get_or_404(Room, room_id), db.session.get(Site, g.actor.site_id)))


@bp.put("/rooms/<room_id>/needs")
@documented(body=RoomNeedsSchema)
@admin_only
def put_room_needs(room_id: str):
    """Give a room its own rounds per item (left out or 0: not needed there); null: back
    to the school's daily defaults."""
    room = get_or_404(Room, room_id)
    data = RoomNeedsSchema().load(json_body())
    set_room_needs(db.session, g.actor, room, data["needs"])
    db.session.commit()
    return jsonify(_needs(room, db.session.get(Site, g.actor.site_id)))


# -- the site's settings -----------------------------------------------------------------------

def _settings_body(site: Site) -> dict:
    custom = (site.settings or {}).get("disinfection") or {}
    return {"zone_checklists": zone_checklists(site.settings),
            "disinfection": {"rules": rules.rules_for(site.settings), "custom": custom,
                             "defaults": rules.DEFAULT_RULES}}


def _change_settings(key: str, what: str, change) -> Site:
    """Apply `change` to a copy of the site's settings; audit and feed it if it changed."""
    site = db.session.get(Site, g.actor.site_id)
    before = copy.deepcopy(site.settings or {})
    after = copy.deepcopy(before)
    change(after)
    if after != before:
        site.settings = after  # a new value: the JSON column sees the change
        audit(db.session, g.actor, "settings", what, "update",
              {key: before.get(key)}, {key: after.get(key)})
        publish(db.session, g.actor, [Change("site", site.id)])
    db.session.commit()
    return site


@bp.get("/settings")
@admin_only
def get_settings():
    return jsonify(_settings_body(db.session.get(Site, g.actor.site_id)))


ZONE_KIND = {"type": "string", "minLength": 1, "maxLength": 32}


def _zone_kind(kind: str) -> str:
    if not 1 <= len(kind) <= 32:
        raise APIError(422, "validation_failed", "a kind of zone has 1 to 32 characters",
                       {"kind": ["1 to 32 characters"]})
    return kind


@bp.put("/settings/zone-checklists/<kind>")
@documented(body=ChecklistSchema, path={"kind": ZONE_KIND})
@admin_only
def put_zone_checklist(kind: str):
    """A kind of zone's checklist, in order. Checks already recorded keep what they
    recorded: they hold their results by item key, and keys are never reused."""
    kind = _zone_kind(kind)
    items = with_keys(ChecklistSchema().load(json_body())["items"])

    def change(settings):
        settings.setdefault("zone_checklists", {})[kind] = items
    site = _change_settings("zone_checklists", f"zone_checklists/{kind}", change)
    return jsonify(zone_checklists(site.settings)[kind])


@bp.delete("/settings/zone-checklists/<kind>")
@documented(path={"kind": ZONE_KIND})
@admin_only
def reset_zone_checklist(kind: str):
    """Back to the default checklist for this kind of zone."""
    kind = _zone_kind(kind)

    def change(settings):
        lists = settings.get("zone_checklists") or {}
        lists.pop(kind, None)
        if lists:
            settings["zone_checklists"] = lists
        else:
            settings.pop("zone_checklists", None)
    site = _change_settings("zone_checklists", f"zone_checklists/{kind}", change)
    return jsonify(zone_checklists(site.settings).get(kind, {"items": [], "custom": False}))


@bp.put("/settings/disinfection")
@documented(body=DisinfectionSettings)
@admin_only
def put_disinfection_rules():
    """The school's own disinfection rules (stricter than the national minimums, never
    laxer); what the body leaves out keeps the default. An empty body: all defaults."""
    custom = DisinfectionSettings().load(json_body())

    def change(settings):
        if custom:
            settings["disinfection"] = custom
        else:
            settings.pop("disinfection", None)
    site = _change_settings("disinfection", "disinfection", change)
    return jsonify(_settings_body(site)["disinfection"])


# -- the visitor block list --------------------------------------------------------------------

class BlockSchema(_Loose):
    name = fields.String(required=True, validate=validate.Length(1, 50))
    # Kept only masked and hashed: phones match the hash, nobody reads the number back.
    id_number = fields.String(load_default=None, allow_none=True, load_only=True,
                              validate=validate.Length(max=32))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    active = fields.Boolean(load_default=True)


def _set_block(row: BlockEntry, data: dict) -> None:
    for k in ("name", "reason", "active"):
        if k in data:
            setattr(row, k, data[k])
    if "id_number" in data:
        row.id_masked = identity.mask(data["id_number"])
        row.id_hash = identity.id_hash(row.site_id, data["id_number"])
    stamp_edit(row, [*data, *(("id_masked", "id_hash") if "id_number" in data else ())])


@bp.get("/block-list")
@admin_only
def block_list():
    rows = by_person(db.session.execute(select(BlockEntry).where(
        BlockEntry.site_id == g.actor.site_id)).scalars())
    return jsonify({"block_list": [snapshot(r) for r in rows]})


@bp.post("/block-list")
@documented(body=BlockSchema, status=201)
@admin_only
def add_block():
    data = BlockSchema().load(json_body())
    row = BlockEntry(id=str(uuid.uuid4()), site_id=g.actor.site_id)
    _set_block(row, data)
    db.session.add(row)
    db.session.flush()
    audit(db.session, g.actor, "block_entry", row.id, "create", None, snapshot(row))
    publish(db.session, g.actor, [Change("block_entry", row.id)])
    db.session.commit()
    return jsonify(snapshot(row)), 201


@bp.patch("/block-list/<entry_id>")
@documented(body=BlockSchema(partial=True))
@admin_only
def update_block(entry_id: str):
    """Change an entry, or lift it (active: false) and keep it on record."""
    row = get_or_404(BlockEntry, entry_id)
    data = BlockSchema(partial=True).load(json_body())
    before = snapshot(row)
    _set_block(row, data)
    db.session.flush()
    audit(db.session, g.actor, "block_entry", row.id, "update", before, snapshot(row))
    publish(db.session, g.actor, [Change("block_entry", row.id)])
    db.session.commit()
    return jsonify(snapshot(row))


@bp.delete("/block-list/<entry_id>")
@admin_only
def remove_block(entry_id: str):
    """Take an entry off the list. Visitors it flagged keep their flag: it was true then."""
    row = get_or_404(BlockEntry, entry_id)
    before = snapshot(row)
    db.session.delete(row)
    audit(db.session, g.actor, "block_entry", entry_id, "delete", before, None)
    publish(db.session, g.actor, [Change("block_entry", entry_id, "delete")])
    db.session.commit()
    return jsonify({"ok": True})
