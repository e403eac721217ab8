"""Mutation handlers by name: the argument schema, the roles allowed, and the apply."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable

from marshmallow import Schema
from sqlalchemy.orm import Session

from .errors import UnknownMutation
from .hlc import Timestamp
from .protocol import Actor, Change, Mutation


@dataclass(slots=True)
class Context:
    """What a handler sees of the mutation it applies. `cache` lives for one batch, so a
    handler can look a child up once for 500 checks of the same class."""
    session: Session
    actor: Actor
    mutation: Mutation
    hlc: Timestamp
    device_time: dt.datetime
    received_at: dt.datetime
    clock_skewed: bool
    cache: dict
    changes: list[Change] = field(default_factory=list)

    def emit(self, change: Change) -> None:
        self.changes.append(change)

    def new_row(self, model, **values) -> SimpleNamespace:
        """A new row of `model`'s table, inserted with the batch's other new rows in one
        statement after its last mutation (the ORM's unit of work costs far more per
        row). Until then it is a plain object that later mutations may still change."""
        row = SimpleNamespace(**values)
        self.cache.setdefault(NEW_ROWS, []).append((model.__table__, row))
        return row


NEW_ROWS = "sync.new_rows"  # the batch's rows made with Context.new_row, in order


@dataclass(frozen=True)
class Handler:
    name: str
    schema: Schema
    roles: frozenset[str]
    apply: Callable[[Context, dict], Any]
    summary: str = ""
    # Called once per batch, before any of its mutations is applied, with the checked
    # args of all its mutations of this name: `prefetch(session, actor, cache, args)`
    # loads into the batch's cache in one query what `apply` would look up one by one.
    prefetch: Callable[[Session, Actor, dict, list[dict]], None] | None = None


class Registry:
    """Handlers validate first and write last: a handler that raises a SyncError must not
    have written anything, because a rejected mutation is never applied in part."""

    def __init__(self):
        self._handlers: dict[str, Handler] = {}
        self.batch_hooks: list[Callable] = []

    def on_batch(self, fn):
        """Decorator: `fn(session, actor, cache, now) -> list[Change]` runs once after a
        batch's mutations, in its transaction (e.g. a rule over all the day's records).
        Every record it changes has its Change in the list it returns."""
        self.batch_hooks.append(fn)
        return fn

    def register(self, name: str, schema: Schema, roles: set[str] | frozenset[str],
                 prefetch: Callable | None = None):
        """Decorator: `@registry.register("check.record", CheckArgs(), {"health", ...})`."""
        def wrap(fn):
            if name in self._handlers:
                raise ValueError(f"mutation {name} registered twice")
            summary = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
            self._handlers[name] = Handler(name, schema, frozenset(roles), fn, summary,
                                            prefetch)
            return fn
        return wrap

    def get(self, name: str) -> Handler:
        try:
            return self._handlers[name]
        except (KeyError, TypeError):
            raise UnknownMutation(f"unknown mutation: {name!r}") from None

    def __iter__(self):
        return iter(sorted(self._handlers.values(), key=lambda h: h.name))
