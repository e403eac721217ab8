"""The school's tables. Plain SQLAlchemy on sync.models.Base: the engine and the
handlers use them without Flask. Every row belongs to one site."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sync.models import Base, uuid_col

ROLES = ("admin", "health", "caregiver", "guard")


def new_id() -> str:
    return str(uuid.uuid4())


class Site(Base):
    __tablename__ = "sites"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    created_at: Mapped[dt.datetime]

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
    __table_args__ = (Index("ix_children_site_class", "site_id", "class_id"),)


class Room(Base):
    __tablename__ = "rooms"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(100))
    class_id: Mapped[str | None] = uuid_col(ForeignKey("classes.id"))
    volume_m3: Mapped[float | None] = mapped_column(Numeric(8, 1, asdecimal=False))


class Zone(Base):
    __tablename__ = "zones"
    id: Mapped[str] = uuid_col(primary_key=True, default=new_id)
    site_id: Mapped[str] = uuid_col(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    responsible_id: Mapped[str | None] = uuid_col(ForeignKey("users.id"))


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


class HealthCheck(Base):
    """A child's morning or noon check. Natural key (child, date, session), so its id is
    sync.ids.natural_id(site, "health_check", child, date, session) on phone and server.
    field_hlc holds, per field, the clock of the edit that set it (last writer wins)."""
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
    note: Mapped[str | None] = mapped_column(Text)
    field_hlc: Mapped[dict]
    hlc: Mapped[str] = mapped_column(String(128))
    recorded_by: Mapped[str] = uuid_col()
    device_id: Mapped[str] = mapped_column(String(64))
    device_time: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    clock_skewed: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        UniqueConstraint("site_id", "child_id", "date", "session", name="uq_health_checks_key"),
        Index("ix_health_checks_site_date", "site_id", "date", "class_id"),
    )
