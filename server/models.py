"""The school's tables. Plain SQLAlchemy on sync.models.Base: the engine and the
handlers use them without Flask. Every row belongs to one site."""
from __future__ import annotations

import datetime as dt
import secrets
import uuid

from sqlalchemy import (Boolean, ForeignKey, Index, Numeric, String, Text, UniqueConstraint,
                        false, text)
from sqlalchemy.orm import Mapped, mapped_column

from sync.models import Base, uuid_col

ROLES = ("admin", "health", "caregiver", "guard")


def new_id() -> str:
    return str(uuid.uuid4())


class DeviceStamped:
    """Time as evidence (DESIGN.md, promise 6): who made a record, on which device, when
    the device says it was done, when the server got it, the edit's clock, and whether
    the device's clock was far off the server's."""
    hlc: Mapped[str] = mapped_column(String(128))
    recorded_by: Mapped[str] = uuid_col()
    device_id: Mapped[str] = mapped_column(String(64))
    device_time: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    clock_skewed: Mapped[bool] = mapped_column(Boolean, default=False)


class Site(Base):
    __tablename__ = "sites"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    created_at: Mapped[dt.datetime]
    # The site's own values over the defaults, e.g. {"disinfection": {"minimum": …}}
    settings: Mapped[dict | None]

    @property
    def site_id(self) -> str:  # the feed's tenant filter reads site_id on every table
        return self.id


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    username: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(16), default="zh-CN")
    __table_args__ = (UniqueConstraint("site_id", "username", name="uq_users_site_username"),)


class SchoolClass(Base):
    __tablename__ = "classes"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(64))
    grade: Mapped[str] = mapped_column(String(16))  # small / middle / large
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UserClass(Base):
    """Which classes a caregiver works in: her write and read scope for class records."""
    __tablename__ = "user_classes"
    user_id: Mapped[str] = uuid_col(ForeignKey("users.id"), primary_key=True)
    class_id: Mapped[str] = uuid_col(ForeignKey("classes.id"), primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))


class Child(Base):
    __tablename__ = "children"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    class_id: Mapped[str] = uuid_col(ForeignKey("classes.id"))
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(8))
    birthday: Mapped[dt.date | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    left_on: Mapped[dt.date | None]
    __table_args__ = (Index("ix_children_site_class", "site_id", "class_id"),)


class Room(Base):
    __tablename__ = "rooms"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(100))
    class_id: Mapped[str | None] = uuid_col(ForeignKey("classes.id"))
    volume_m3: Mapped[float | None] = mapped_column(Numeric(8, 1, asdecimal=False))
    # The observation room (isolating sick children) needs toilet-strength chlorine.
    observation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Zone(Base):
    __tablename__ = "zones"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    responsible_id: Mapped[str | None] = uuid_col(ForeignKey("users.id"))
    # The secret in the zone's QR code: a scan proves the phone was there.
    code: Mapped[str | None] = mapped_column(String(32), default=lambda: secrets.token_urlsafe(12))


class Token(Base):
    """A sign-in on one device. Only the sha256 of the token is kept."""
    __tablename__ = "tokens"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    user_id: Mapped[str] = uuid_col(ForeignKey("users.id"))
    client_id: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class LoginAttempt(Base):
    """Failed and good sign-ins, to slow down guessing (per account and per address)."""
    __tablename__ = "login_attempts"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_slug: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    ok: Mapped[bool] = mapped_column(Boolean)
    __table_args__ = (Index("ix_login_attempts_account", "site_slug", "username", "at"),
                      Index("ix_login_attempts_address", "address", "at"))


class HealthCheck(DeviceStamped, Base):
    """A child's morning or noon check. Natural key (child, date, session), so its id is
    sync.ids.natural_id(site, "health_check", child, date, session) on phone and server.
    field_hlc holds, per field, the clock of the edit that set it (last writer wins).

    `history` is every version of the check as it was sent, winning or not: a correction
    never silently overwrites what was recorded before. Each version is
    {"id": mutation id, "values": {status, temperature, symptoms, action, absence_reason,
    note}, "hlc", "recorded_by", "device_id", "device_time", "received_at",
    "clock_skewed"}, times as RFC 3339 strings in UTC. Sorted by (hlc, id), so servers
    that got the same mutations in any order hold the same list."""
    __tablename__ = "health_checks"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    child_id: Mapped[str] = uuid_col(ForeignKey("children.id"))
    class_id: Mapped[str] = uuid_col(ForeignKey("classes.id"))
    date: Mapped[dt.date]
    session: Mapped[str] = mapped_column(String(8))
    status: Mapped[str | None] = mapped_column(String(16))
    temperature: Mapped[float | None] = mapped_column(Numeric(4, 1, asdecimal=False))
    symptoms: Mapped[list | None]
    action: Mapped[str | None] = mapped_column(String(32))
    absence_reason: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    field_hlc: Mapped[dict]
    history: Mapped[list] = mapped_column(server_default=text("'[]'"))
    __table_args__ = (
        UniqueConstraint("site_id", "child_id", "date", "session", name="uq_health_checks_key"),
        Index("ix_health_checks_site_date", "site_id", "date", "class_id"),
    )


class CheckHistory(DeviceStamped, Base):
    """Legacy: the versions of checks recorded before they were kept on the check itself
    (HealthCheck.history, which the migration filled from these rows). Nothing writes
    here any more. The rows, and their entity in the feed, stay: phones hold them, and a
    change to the feed's entity set would make every phone pull again from 0."""
    __tablename__ = "check_history"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the mutation id
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    check_id: Mapped[str] = uuid_col()
    class_id: Mapped[str] = uuid_col()
    values: Mapped[dict]
    __table_args__ = (Index("ix_check_history_check", "site_id", "check_id"),)


class Medicine(Base):
    """Medicine a parent handed over at the morning check (appended, never merged)."""
    __tablename__ = "medicines"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    child_id: Mapped[str] = uuid_col(ForeignKey("children.id"))
    class_id: Mapped[str] = uuid_col(ForeignKey("classes.id"))
    date: Mapped[dt.date]
    medicine: Mapped[str] = mapped_column(String(100))
    dose: Mapped[str] = mapped_column(String(100))
    times: Mapped[list]
    handed_by: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    given: Mapped[list]  # [{"at": …, "by": user id}]
    recorded_by: Mapped[str] = uuid_col()
    device_time: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]


class FollowUp(Base):
    """因病缺勤追查: opened by an absence for illness, open until the child is back and
    the diagnosis is known."""
    __tablename__ = "followups"
    id: Mapped[str] = uuid_col(primary_key=True)  # natural: child and day it opened
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    child_id: Mapped[str] = uuid_col(ForeignKey("children.id"))
    class_id: Mapped[str] = uuid_col(ForeignKey("classes.id"))
    opened_on: Mapped[dt.date]
    symptoms: Mapped[list]
    status: Mapped[str] = mapped_column(String(16))  # open / closed
    returned_on: Mapped[dt.date | None]
    diagnosis: Mapped[str | None] = mapped_column(String(200))
    closed_by: Mapped[str | None] = uuid_col()
    closed_at: Mapped[dt.datetime | None]
    __table_args__ = (Index("ix_followups_open", "site_id", "status", "child_id"),)


def _room_need_id(context) -> str:
    from sync.ids import natural_id
    row = context.get_current_parameters()
    return natural_id(row["site_id"], "room_need", row["room_id"], row["item"])


class RoomNeed(Base):
    """The disinfection a room needs each day, per item. A room with needs of its own (set
    by the admin) needs exactly those; a room with none, the rules' daily defaults. 0
    rounds: not needed there. `id` is natural (room, item), for the feed."""
    __tablename__ = "room_needs"
    id: Mapped[str] = uuid_col(unique=True, default=_room_need_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    room_id: Mapped[str] = uuid_col(ForeignKey("rooms.id"), primary_key=True)
    item: Mapped[str] = mapped_column(String(32), primary_key=True)
    rounds: Mapped[int]


class Disinfection(DeviceStamped, Base):
    """A room's disinfection round: natural key (room, date, item, round). Below the
    minimum it is kept — it is evidence — with its findings."""
    __tablename__ = "disinfections"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    room_id: Mapped[str] = uuid_col(ForeignKey("rooms.id"))
    class_id: Mapped[str | None] = uuid_col()
    date: Mapped[dt.date]
    item: Mapped[str] = mapped_column(String(32))
    round: Mapped[int]
    method: Mapped[str | None] = mapped_column(String(16))
    amount: Mapped[float | None] = mapped_column(Numeric(8, 1, asdecimal=False))
    unit: Mapped[str | None] = mapped_column(String(8))
    started_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[list | None]
    below_minimum: Mapped[bool] = mapped_column(Boolean, default=False)
    field_hlc: Mapped[dict]
    __table_args__ = (Index("ix_disinfections_site_date", "site_id", "date", "room_id"),)


class OutbreakAlert(Base):
    """A suspected cluster found by server.rules.outbreak, with the 24-hour deadline to
    report it. Natural key: class, symptom group and the cluster's first day."""
    __tablename__ = "outbreak_alerts"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    class_id: Mapped[str] = uuid_col(ForeignKey("classes.id"))
    group: Mapped[str] = mapped_column(String(32))
    rule: Mapped[str] = mapped_column(String(16))
    first_day: Mapped[dt.date]
    last_day: Mapped[dt.date]
    children: Mapped[list]
    raised_at: Mapped[dt.datetime]
    report_due: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16))  # open / reported
    reported_by: Mapped[str | None] = uuid_col()
    reported_at: Mapped[dt.datetime | None]


class OutbreakMode(Base):
    """Outbreak mode for a class, or for the whole school (class_id ''), while on."""
    __tablename__ = "outbreak_modes"
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"), primary_key=True)
    class_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    id: Mapped[str] = uuid_col(unique=True)
    on: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str] = uuid_col()
    changed_at: Mapped[dt.datetime]
    hlc: Mapped[str] = mapped_column(String(128))


class GateTime(Base):
    """When the gate opens and closes, per weekday (0 = Monday), set by the admin."""
    __tablename__ = "gate_times"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    weekday: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))  # open / close
    at: Mapped[dt.time]
    label: Mapped[str | None] = mapped_column(String(64))


class GateEvent(Base):
    """The gate opened or closed (appended, never merged); late against its schedule
    by `late_minutes`."""
    __tablename__ = "gate_events"
    id: Mapped[str] = uuid_col(primary_key=True)  # the mutation id
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(8))
    date: Mapped[dt.date]
    gate_time_id: Mapped[str | None] = uuid_col()
    late_minutes: Mapped[int | None]
    recorded_by: Mapped[str] = uuid_col()
    device_time: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    # The gate's day and month (server/gate.py slots_between) read a site's events by date.
    __table_args__ = (Index("ix_gate_events_site_date", "site_id", "date"),)


class Visitor(Base):
    """外来人员登记: registered at the gate, waits until allowed, then enters and leaves.
    The full ID number is kept only here, for the retention period, and never sent to
    phones: they get `id_masked`, and `id_hash` to match the block list offline."""
    __tablename__ = "visitors"
    id: Mapped[str] = uuid_col(primary_key=True)  # made by the phone
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    date: Mapped[dt.date]
    name: Mapped[str] = mapped_column(String(100))
    id_type: Mapped[str] = mapped_column(String(16))
    id_number: Mapped[str | None] = mapped_column(String(64))
    id_masked: Mapped[str | None] = mapped_column(String(64))
    id_hash: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(32))
    organisation: Mapped[str | None] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(200))
    host_id: Mapped[str] = uuid_col(ForeignKey("users.id"))
    people: Mapped[int]
    plate: Mapped[str | None] = mapped_column(String(16))
    # SHA-256 of the photo taken at the gate (a blob), optional; erased with the ID number
    photo: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # waiting allowed refused entered left
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_by: Mapped[str] = uuid_col()
    registered_at: Mapped[dt.datetime]
    decided_by: Mapped[str | None] = uuid_col()
    decided_how: Mapped[str | None] = mapped_column(String(16))  # app / phone_call / admin
    decided_for: Mapped[str | None] = mapped_column(String(100))  # who allowed it by phone
    decided_at: Mapped[dt.datetime | None]
    entered_at: Mapped[dt.datetime | None]
    left_at: Mapped[dt.datetime | None]
    erased_at: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime]
    __table_args__ = (Index("ix_visitors_site_status", "site_id", "status"),
                      Index("ix_visitors_site_date", "site_id", "date"))


class BlockEntry(Base):
    """The admin's block list: a match alerts the guard and needs the admin to allow."""
    __tablename__ = "block_list"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(100))
    id_masked: Mapped[str | None] = mapped_column(String(64))
    id_hash: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Last writer wins (sync.merge): each field's clock, and the latest edit's.
    field_hlc: Mapped[dict] = mapped_column(server_default=text("'{}'"), default=dict)
    hlc: Mapped[str | None] = mapped_column(String(128))


class PickupAdult(Base):
    """An adult allowed to pick a child up."""
    __tablename__ = "pickup_adults"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    child_id: Mapped[str] = uuid_col(ForeignKey("children.id"))
    class_id: Mapped[str] = uuid_col(ForeignKey("classes.id"))
    name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Last writer wins (sync.merge): each field's clock, and the latest edit's.
    field_hlc: Mapped[dict] = mapped_column(server_default=text("'{}'"), default=dict)
    hlc: Mapped[str | None] = mapped_column(String(128))


class Pickup(Base):
    """幼儿接送: who took the child home. Natural key (child, date): a child is picked up
    once a day. Without the usual card it is in the no-card register (无卡接送登记)."""
    __tablename__ = "pickups"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    child_id: Mapped[str] = uuid_col(ForeignKey("children.id"))
    class_id: Mapped[str] = uuid_col(ForeignKey("classes.id"))
    date: Mapped[dt.date]
    adult_id: Mapped[str | None] = uuid_col()
    adult_name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(32))
    listed: Mapped[bool] = mapped_column(Boolean)
    card: Mapped[bool] = mapped_column(Boolean)
    confirmed_by: Mapped[str | None] = mapped_column(String(100))  # the parent who confirmed
    confirmed_how: Mapped[str | None] = mapped_column(String(16))
    confirmed_at: Mapped[dt.datetime | None]
    # Handed over to an adult on the block list: only ever by the admin, deliberately
    # (pickup.record's block_override), with the entry's reason as it was then.
    blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    block_reason: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = uuid_col()
    device_time: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]


class AuditEntry(Base):
    """Every change an admin makes: who, when, what it was before and after."""
    __tablename__ = "audit_log"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    user_id: Mapped[str] = uuid_col()
    at: Mapped[dt.datetime]
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict | None]
    after: Mapped[dict | None]
    __table_args__ = (Index("ix_audit_log_site_at", "site_id", "at"),)


class ClassMove(Base):
    """A child or a member of staff moved to another class (or a child left): the history
    of who was in which class when."""
    __tablename__ = "class_moves"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    subject: Mapped[str] = mapped_column(String(8))  # child / user
    subject_id: Mapped[str] = uuid_col()
    from_class_id: Mapped[str | None] = uuid_col()
    to_class_id: Mapped[str | None] = uuid_col()
    on: Mapped[dt.date]
    by: Mapped[str] = uuid_col()
    at: Mapped[dt.datetime]


def _school_day_id(context) -> str:
    from sync.ids import natural_id
    row = context.get_current_parameters()
    return natural_id(row["site_id"], "school_day", row["date"].isoformat())


class SchoolDay(Base):
    """The school calendar's exceptions: holidays (no checks due) and make-up workdays."""
    __tablename__ = "calendar"
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"), primary_key=True)
    date: Mapped[dt.date] = mapped_column(primary_key=True)
    # The day's id in the change feed (phones need the calendar to know what is due).
    id: Mapped[str | None] = uuid_col(default=_school_day_id)
    kind: Mapped[str] = mapped_column(String(8))  # holiday / workday
    note: Mapped[str | None] = mapped_column(String(100))


class StaffAbsence(Base):
    """A member of staff away (leave, sickness, training) from date_from to date_to, both
    included: what they would have had to do on those days is not a miss."""
    __tablename__ = "staff_absences"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    user_id: Mapped[str] = uuid_col(ForeignKey("users.id"))
    date_from: Mapped[dt.date]
    date_to: Mapped[dt.date]
    reason: Mapped[str | None] = mapped_column(String(100))
    __table_args__ = (Index("ix_staff_absences_site_dates", "site_id", "date_from", "date_to"),)


class ScoreAdjustment(Base):
    """The admin's change to one figure of a person's monthly scorecard, with the reason:
    kept beside the computed figure, never over it. The latest for a figure applies."""
    __tablename__ = "score_adjustments"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    user_id: Mapped[str] = uuid_col(ForeignKey("users.id"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    figure: Mapped[str] = mapped_column(String(32))
    computed: Mapped[int]
    value: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500))
    by: Mapped[str] = uuid_col()
    at: Mapped[dt.datetime]
    __table_args__ = (Index("ix_score_adjustments_site_month", "site_id", "month"),)


class Blob(Base):
    """A photo a site uploaded, by its SHA-256; the bytes live in server.blobs' storage."""
    __tablename__ = "blobs"
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    mime: Mapped[str] = mapped_column(String(32))
    uploaded_by: Mapped[str] = uuid_col()
    created_at: Mapped[dt.datetime]


class ZoneCheck(DeviceStamped, Base):
    """A zone's opening or closing self-check. Natural key (zone, date, kind)."""
    __tablename__ = "zone_checks"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    zone_id: Mapped[str] = uuid_col(ForeignKey("zones.id"))
    date: Mapped[dt.date]
    kind: Mapped[str] = mapped_column(String(8))  # opening / closing
    items: Mapped[dict | None]    # key → {"ok": bool, "note": str}
    failed: Mapped[int | None]
    proof: Mapped[str | None] = mapped_column(String(8))  # qr / photo / none
    photo: Mapped[str | None] = mapped_column(String(64))
    field_hlc: Mapped[dict]
    __table_args__ = (Index("ix_zone_checks_site_date", "site_id", "date"),)


class Hazard(Base):
    """安全隐患: reported, assigned with a deadline, fixed, verified by someone else."""
    __tablename__ = "hazards"
    id: Mapped[str] = uuid_col(primary_key=True)  # made by the phone
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    zone_id: Mapped[str | None] = uuid_col(ForeignKey("zones.id"))
    what: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))
    photos: Mapped[list]
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(100))  # "zone_check:<id>:<item>", …
    reported_by: Mapped[str] = uuid_col()
    reported_at: Mapped[dt.datetime]
    assignee_id: Mapped[str | None] = uuid_col()
    deadline: Mapped[dt.date | None]
    fixed_by: Mapped[str | None] = uuid_col()
    fixed_at: Mapped[dt.datetime | None]
    fix_note: Mapped[str | None] = mapped_column(Text)
    fix_photos: Mapped[list | None]
    verified_by: Mapped[str | None] = uuid_col()
    verified_at: Mapped[dt.datetime | None]
    refused_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime]
    # the ledger walks a site's hazards newest first
    __table_args__ = (Index("ix_hazards_site_status", "site_id", "status"),
                      Index("ix_hazards_site_reported", "site_id", "reported_at"))


class HazardAction(Base):
    """Each step of a hazard's loop, as it happened (appended, never changed)."""
    __tablename__ = "hazard_actions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the mutation id
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    hazard_id: Mapped[str] = uuid_col(ForeignKey("hazards.id"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = uuid_col()
    at: Mapped[dt.datetime]
    note: Mapped[str | None] = mapped_column(Text)
    photos: Mapped[list | None]
    # the ledger reads a site's steps in the order they happened
    __table_args__ = (Index("ix_hazard_actions_hazard", "site_id", "hazard_id"),
                      Index("ix_hazard_actions_site_at", "site_id", "at"))


class PatrolRoute(Base):
    __tablename__ = "patrol_routes"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(100))
    zone_ids: Mapped[list]  # the checkpoints, in order


class PatrolRound(Base):
    """A guard's round of a route: what was scanned when, what was missed or out of order."""
    __tablename__ = "patrol_rounds"
    id: Mapped[str] = uuid_col(primary_key=True)  # made by the phone
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    route_id: Mapped[str] = uuid_col(ForeignKey("patrol_routes.id"))
    date: Mapped[dt.date]
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    scans: Mapped[list]     # [{"zone_id", "at", "note"}]
    missed: Mapped[list | None]
    out_of_order: Mapped[bool] = mapped_column(Boolean, default=False)
    guard_id: Mapped[str] = uuid_col()


class Equipment(Base):
    """Large play equipment, facilities and fire equipment, inspected every month."""
    __tablename__ = "equipment"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    zone_id: Mapped[str | None] = uuid_col(ForeignKey("zones.id"))
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    expires_on: Mapped[dt.date | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Last writer wins (sync.merge): each field's clock, and the latest edit's.
    field_hlc: Mapped[dict] = mapped_column(server_default=text("'{}'"), default=dict)
    hlc: Mapped[str | None] = mapped_column(String(128))


class Inspection(Base):
    """A month's inspection of one piece of equipment. Natural key (equipment, month)."""
    __tablename__ = "inspections"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    equipment_id: Mapped[str] = uuid_col(ForeignKey("equipment.id"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    items: Mapped[dict]
    ok: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = uuid_col()
    device_time: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    # Last writer wins (sync.merge): each field's clock, and the latest edit's.
    field_hlc: Mapped[dict] = mapped_column(server_default=text("'{}'"), default=dict)
    hlc: Mapped[str | None] = mapped_column(String(128))


class Bulletin(Base):
    """周卫生通报: a week's hygiene results, drafted from the records (`content`, computed,
    never typed), worded by the admin (`title`, `text`, which photos), then published to
    staff. Only the published one goes to phones, and it is never changed after."""
    __tablename__ = "bulletins"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    week: Mapped[dt.date]  # its Monday
    status: Mapped[str] = mapped_column(String(16))  # draft / published
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    content: Mapped[dict]
    photos: Mapped[list]  # blob sha256s, from the week's hazards
    drafted_by: Mapped[str] = uuid_col()
    drafted_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    published_by: Mapped[str | None] = uuid_col()
    published_at: Mapped[dt.datetime | None]
    __table_args__ = (UniqueConstraint("site_id", "week", name="uq_bulletins_site_week"),)


# -- routines, drills, safety responsibility letters ---------------------------------------

class RoutineTemplate(Base):
    """A checklist the admin writes (保育员一日工作流程, the guard's day, ...): its items,
    each with a time window, a frequency and what it needs, and who does them: every
    person of a role, a class's staff together, or one named person."""
    __tablename__ = "routine_templates"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(100))
    assign: Mapped[str] = mapped_column(String(8))  # role / class / user
    role: Mapped[str | None] = mapped_column(String(16))
    class_id: Mapped[str | None] = uuid_col(ForeignKey("classes.id"))  # None: every class
    user_id: Mapped[str | None] = uuid_col(ForeignKey("users.id"))
    # [{"key", "label", "start", "end", "freq", "weekday", "monthday", "needs", "min",
    #   "max", "unit", "choices"}]: see server/rules/routines.py
    items: Mapped[list]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    since: Mapped[dt.date]               # no miss counted before it was written
    retired_on: Mapped[dt.date | None]   # nor from the day it was retired
    updated_at: Mapped[dt.datetime]


class RoutineTick(DeviceStamped, Base):
    """An item done on a day by its owner (a class, or a person). Natural key (template,
    item, date, owner): two phones of the same class converge on one record. What the
    item said when it was first ticked is copied, so a later edit of the template never
    rewrites it."""
    __tablename__ = "routine_ticks"
    id: Mapped[str] = uuid_col(primary_key=True)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    template_id: Mapped[str] = uuid_col(ForeignKey("routine_templates.id"))
    item_key: Mapped[str] = mapped_column(String(32))
    date: Mapped[dt.date]
    owner_id: Mapped[str] = uuid_col()       # the class or the person it is due from
    class_id: Mapped[str | None] = uuid_col()
    label: Mapped[str] = mapped_column(String(200))
    window_start: Mapped[dt.time | None]
    window_end: Mapped[dt.time | None]
    value: Mapped[dict | None]               # {"v": true | number | "choice" | "note" | sha}
    note: Mapped[str | None] = mapped_column(String(500))
    timing: Mapped[str] = mapped_column(String(8))  # on_time / late / early
    field_hlc: Mapped[dict]
    __table_args__ = (Index("ix_routine_ticks_site_date", "site_id", "date"),)


class Drill(Base):
    """An evacuation drill (fire, earthquake, intruder): planned, then recorded on the day."""
    __tablename__ = "drills"
    id: Mapped[str] = uuid_col(primary_key=True)  # made by the phone
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(16))
    date: Mapped[dt.date]
    term: Mapped[str] = mapped_column(String(16))
    scenario: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8))  # planned / done
    planned_by: Mapped[str | None] = uuid_col()
    started_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    evacuate_seconds: Mapped[int | None]
    children: Mapped[int | None]
    staff: Mapped[int | None]
    classes: Mapped[dict | None]   # class id → children taking part
    problems: Mapped[list | None]  # [{"text", "hazard_id"}]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = uuid_col()
    device_time: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime | None]
    __table_args__ = (Index("ix_drills_site_term", "site_id", "term"),)


class SafetyLetter(Base):
    """安全责任书: a post's safety responsibilities for a term, which each person on the
    post reads and signs."""
    __tablename__ = "safety_letters"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    term: Mapped[str] = mapped_column(String(16))
    post: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    user_ids: Mapped[list]   # who must sign it
    issued_by: Mapped[str] = uuid_col()
    issued_at: Mapped[dt.datetime]


class LetterSignature(Base):
    """One person's signature of a letter, drawn on the phone (SVG path data), once."""
    __tablename__ = "letter_signatures"
    id: Mapped[str] = uuid_col(primary_key=True)  # natural key (letter, user)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    letter_id: Mapped[str] = uuid_col(ForeignKey("safety_letters.id"))
    user_id: Mapped[str] = uuid_col(ForeignKey("users.id"))
    strokes: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[dt.datetime]   # the device's time of the signature
    received_at: Mapped[dt.datetime]
    device_id: Mapped[str] = mapped_column(String(64))
