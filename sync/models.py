"""The sync engine's own tables, and the declarative base every table shares.

Every table carries site_id and every query filters by it, so the tables can be
distributed by site_id (e.g. Citus) without changing the code.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, BigInteger, Date, DateTime, Index, Integer, MetaData, String,
                        Text, TypeDecorator, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}

BigId = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER only


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC in, timezone-aware UTC out, on SQLite too (which keeps no zone)."""
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: every stored time carries its zone")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime, dt.date: Date, dict: JSON, list: JSON}


def uuid_col(*args, **kw) -> Mapped[str]:
    return mapped_column(String(36), *args, **kw)


class SiteSeq(Base):
    """The per-site change counter. Its row lock serialises the writers of one site, so
    change numbers are handed out in commit order and a pull never skips a late commit."""
    __tablename__ = "site_seq"
    site_id: Mapped[str] = uuid_col(primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger, default=0)
    # Cursors below this can't be served (deleted rows purged): such a pull answers reset.
    floor: Mapped[int] = mapped_column(BigInteger, default=0)


class ChangeRow(Base):
    """The latest change of each record: a record changed twice comes once, as it is now."""
    __tablename__ = "changes"
    site_id: Mapped[str] = uuid_col(primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = uuid_col(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    op: Mapped[str] = mapped_column(String(8))
    class_id: Mapped[str | None] = uuid_col()
    left_class_id: Mapped[str | None] = uuid_col()
    day: Mapped[dt.date | None]
    # A put's record as the feed sends it (its entity's dump, as JSON text), written in
    # the transaction that wrote the change row, so a pull splices it into its answer
    # without reading the record. NULL: read the record (rows from before the column,
    # entities the engine was not given). Whatever changes a record without writing its
    # change row (a data migration) must set this back to NULL.
    data: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_changes_site_seq", "site_id", "seq", unique=True),)


class Departure(Base):
    """A record that left a class (a child moved, a room given to another class): the
    change number of its latest move out of that class. A record's change row names only
    the class of its last move, so a record moved twice between two pulls of a phone of
    the first class would otherwise stay on that phone for good."""
    __tablename__ = "departures"
    site_id: Mapped[str] = uuid_col(primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = uuid_col(primary_key=True)
    class_id: Mapped[str] = uuid_col(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_departures_site_seq", "site_id", "seq"),)


class MutationLog(Base):
    """Every mutation received, with its outcome. Rows are only ever added: this is the
    audit trail. At most one row per (site, id) is 'applied' — the database, not the
    code path, guarantees exactly-once effect."""
    __tablename__ = "mutation_log"
    log_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    site_id: Mapped[str] = uuid_col()
    id: Mapped[str] = mapped_column(String(64))
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = uuid_col()
    name: Mapped[str] = mapped_column(String(64))
    args: Mapped[dict | None] = mapped_column(JSON)
    hlc: Mapped[str | None] = mapped_column(String(128))
    device_time: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        Index("uq_mutation_log_applied", "site_id", "id", unique=True,
              sqlite_where=text("status = 'applied'"),
              postgresql_where=text("status = 'applied'")),
        Index("ix_mutation_log_site_received", "site_id", "received_at"),
        # The rows of mutations not applied (refused, discarded): who sent one first
        # (engine logged_for_others). Partial, as the unique index is: the applied rows,
        # nearly all of a push's, do not pay for it.
        Index("ix_mutation_log_unapplied", "site_id", "id",
              sqlite_where=text("status != 'applied'"),
              postgresql_where=text("status != 'applied'")),
    )


class Client(Base):
    """One installed app (device), as the server last saw it."""
    __tablename__ = "clients"
    site_id: Mapped[str] = uuid_col(primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str | None] = uuid_col()
    app_version: Mapped[str | None] = mapped_column(String(32))
    schema: Mapped[int | None] = mapped_column(Integer)
    first_seen: Mapped[dt.datetime]
    last_push_at: Mapped[dt.datetime | None]
    last_pull_at: Mapped[dt.datetime | None]
    last_cursor: Mapped[int | None] = mapped_column(BigInteger)
    scope_key: Mapped[str | None] = mapped_column(String(256))
    clock_offset_ms: Mapped[int | None] = mapped_column(BigInteger)
    pushed: Mapped[int] = mapped_column(BigInteger, default=0)
    rejected: Mapped[int] = mapped_column(BigInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Pulls from cursor 0 by a device the server had already served past 0: its local
    # store was wiped (or a first page was lost) and it started over.
    restarts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_restart_at: Mapped[dt.datetime | None]
    # How many mutations the device said it still had queued (PROTOCOL.md's optional
    # `outbox` of a push or a pull), and when it said so.
    outbox: Mapped[int | None] = mapped_column(Integer)
    outbox_at: Mapped[dt.datetime | None]
