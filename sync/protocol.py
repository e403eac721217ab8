"""The values that cross the engine's boundary: frozen, plain, no I/O.

With slots: a push makes several of them for each of its 500 mutations, and a frozen
dataclass with a __dict__ took three times as long to make."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

APPLIED, DUPLICATE, REJECTED = "applied", "duplicate", "rejected"
DISCARDED = "discarded"  # in the log only: a rejected mutation a person gave up on


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is pushing or pulling: a signed-in user on one device, at one site."""
    user_id: str
    site_id: str
    role: str
    class_ids: frozenset[str] = frozenset()
    client_id: str | None = None


@dataclass(frozen=True, slots=True)
class Mutation:
    """One entry of a phone's outbox, as sent. hlc and device_time are validated by the
    engine, not the transport, so that one bad entry is rejected alone."""
    id: str
    name: str
    hlc: str
    device_time: str | None
    args: Any


@dataclass(frozen=True, slots=True)
class Batch:
    client_id: str
    mutations: tuple[Mutation, ...]
    schema: int = 1
    app_version: str | None = None
    sent_at: dt.datetime | None = None  # the device's clock when it sent the push
    outbox: int | None = None  # mutations the device still holds queued besides these


@dataclass(frozen=True, slots=True)
class Result:
    id: str
    status: str
    code: str | None = None
    message: str | None = None

    def as_dict(self) -> dict:
        d = {"id": self.id, "status": self.status}
        if self.status == REJECTED:
            d.update(code=self.code, message=self.message)
        return d


@dataclass(frozen=True, slots=True)
class Change:
    """A record that a mutation or an admin action put or deleted.

    class_id and day scope it: a caregiver pulls only her classes' records, and
    dated records only inside the pull window. Master data has neither."""
    entity: str
    id: str
    op: str = "put"
    class_id: str | None = None
    day: dt.date | None = None
    # The class a record just left (a child moved): that class's phones get a delete.
    left_class_id: str | None = None


@dataclass(frozen=True, slots=True)
class PullPage:
    changes: list[dict] = field(default_factory=list)
    cursor: int = 0
    has_more: bool = False
    reset: bool = False

    def as_dict(self) -> dict:
        if self.reset:
            return {"reset": True, "changes": [], "cursor": 0, "has_more": True}
        return {"changes": self.changes, "cursor": self.cursor, "has_more": self.has_more}
