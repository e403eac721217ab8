"""Push and pull over a SQLAlchemy session.

The caller owns the transaction: `apply_batch` and `record_changes` flush, the caller
commits, so one push is one transaction with its results (PROTOCOL.md, "Push").
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from operator import itemgetter
from collections.abc import Callable, Iterable, Mapping, Sequence

import orjson
from marshmallow import EXCLUDE, ValidationError
from sqlalchemy import (JSON, Date, DateTime, String, Table, Time, bindparam, insert,
                        literal_column, select, update)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from . import bulk, hlc as hlcmod
from .errors import ClockSkew, Forbidden, InvalidArgs, InvalidClock, OtherUser, SyncError
from .models import ChangeRow, Client, Departure, MutationLog, SiteSeq
from .protocol import (APPLIED, DISCARDED, DUPLICATE, REJECTED, Actor, Batch, Change,
                       Mutation, PullPage, Result)
from .registry import NEW_ROWS, Context, Handler, Registry
from .validation import loader

# A device clock further than this from the server's is flagged on what it records.
SKEW_FLAG = dt.timedelta(minutes=2)
# A change stamped further than this in the future is refused: with last-writer-wins it
# would otherwise beat every honest edit until that time came.
MAX_AHEAD = dt.timedelta(hours=1)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# -- the per-site sequence ---------------------------------------------------------------

def lock_site(session: Session, site_id: str) -> int:
    """Take the site's writer lock and return its last change number.

    An UPDATE, not a SELECT: it is the first write of the transaction, so on SQLite it
    takes the database's write lock before anything is read (no upgrade deadlock), and
    on PostgreSQL it holds the row lock until commit: change numbers follow commit order.
    """
    stmt = (update(SiteSeq).where(SiteSeq.site_id == site_id)
            .values(last=SiteSeq.last).returning(SiteSeq.last))
    last = session.execute(stmt).scalar()
    if last is None:
        session.add(SiteSeq(site_id=site_id, last=0, floor=0))
        session.flush()
        last = session.execute(stmt).scalar()
    return last


def _write_changes(session: Session, site_id: str, last: int, changes: Iterable[Change],
                   bound: dict | None = None) -> int:
    latest: dict[tuple[str, str], Change] = {}
    for c in changes:
        latest.pop((c.entity, c.id), None)  # re-insert so order is that of the last change
        latest[(c.entity, c.id)] = c
    if not latest:
        return last
    texts = _feed_json(session, site_id, latest.values(), bound or {})
    rows = []
    for c in latest.values():
        last += 1
        rows.append({"site_id": site_id, "entity": c.entity, "entity_id": c.id, "seq": last,
                     "op": c.op, "class_id": c.class_id, "left_class_id": c.left_class_id,
                     "day": c.day, "data": texts.get((c.entity, c.id))})
    # New numbers are above every stored one, so moving a record's row up never collides.
    bulk.insert(session, ChangeRow.__table__, rows, upsert=(
        ("site_id", "entity", "entity_id"),
        ("seq", "op", "class_id", "left_class_id", "day", "data")))
    moves = [{"site_id": site_id, "entity": r["entity"], "entity_id": r["entity_id"],
              "class_id": r["left_class_id"], "seq": r["seq"]}
             for r in rows if r["left_class_id"] is not None]
    if moves:  # rare (a child or a room given to another class): not on a push's way
        bulk.insert(session, Departure.__table__, moves, upsert=(
            ("site_id", "entity", "entity_id", "class_id"), ("seq",)))
    session.execute(update(SiteSeq).where(SiteSeq.site_id == site_id).values(last=last))
    return last


def record_changes(session: Session, site_id: str, changes: Iterable[Change]) -> int:
    """Number changes made outside a push (admin edits, demo data) into the feed."""
    changes = list(changes)
    if not changes:
        return 0
    return _write_changes(session, site_id, lock_site(session, site_id), changes)


# -- each put's JSON, ready for the feed ---------------------------------------------------

_FEED: dict[str, "Entity"] = {}
_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS


def publish(entities: Mapping[str, "Entity"]) -> None:
    """The feed's entities (server/feed.py's ENTITIES): from now on, a put of one of
    them stores the record's dump as JSON on its change row (`changes.data`), and a
    pull given these same entities sends that text as it is."""
    _FEED.clear()
    _FEED.update(entities)


def _feed_json(session: Session, site_id: str, changes: Iterable[Change],
               bound: dict) -> dict:
    """(entity, id) → the record's JSON as a pull would send it, for each put of a
    published entity: the record read as a pull reads it, after every write so far
    (the caller numbers its changes last, once the records are as they will commit).
    A record the batch inserted, and nothing changed since, is not read: `bound`
    (bulk.insert's) holds what SQLite was given for it, which is what a read would
    find. A record not found, or one whose dump JSON can't encode, gets none and is
    read at pull time."""
    ids: dict[str, list[str]] = {}
    for c in changes:
        if c.op == "put" and c.entity in _FEED:
            ids.setdefault(c.entity, []).append(c.id)
    if not ids:
        return {}
    session.flush()
    conn = session.connection()
    cursor = conn.connection.dbapi_connection.cursor()
    out = {}

    def put(name, rec, dump, at):
        try:
            out[(name, rec[at])] = orjson.dumps(dump(rec), option=_JSON_OPTIONS).decode()
        except TypeError:
            pass
    try:
        for name, some in ids.items():
            ent = _FEED[name]
            at, width = ent.columns.index("id"), len(ent.columns)
            memo: dict = {}  # a batch's records share their receive time, often more
            some = _from_bound(name, ent, some, site_id, bound, conn.dialect, memo, put)
            for i in range(0, len(some), _READ_BACK):
                chunk = some[i:i + _READ_BACK]
                plan = _read_back(name, ent, len(chunk), conn.dialect)
                cursor.execute(plan.sql, chunk if plan.positional else
                               {f"i{k}": v for k, v in enumerate(chunk)})
                dump = plan.dumper(cursor.description, ent, memo)
                for rec in cursor.fetchall():
                    # By id alone, the site checked here: given `site_id = ?` too,
                    # SQLite may walk the school's whole (site_id, ...) index instead
                    # of looking up each id.
                    if rec[width] == site_id:
                        put(name, rec, dump, at)
    finally:
        cursor.close()
    return out


def _from_bound(name: str, ent: "Entity", ids: list[str], site_id: str, bound: dict,
                dialect, memo: dict, put: Callable) -> list[str]:
    """Put the records of `ids` that the batch inserted (in `bound`) as the read-back
    would, from the values bound for them; the ids left to read back."""
    if not bound or dialect.name != "sqlite":
        return ids
    table, rest = ent.table.name, []
    plan = _read_back(name, ent, 1, dialect)
    dump, at, width = None, ent.columns.index("id"), len(ent.columns)
    for i in ids:
        names, values = bound.get((table, i), (None, None))
        pick = plan.picker(names) if names is not None else None
        rec = pick(values) if pick is not None else None
        if rec is None or rec[width] != site_id:
            rest.append(i)
            continue
        if dump is None:
            dump = plan.dumper(plan.description, ent, memo)
        put(name, rec, dump, at)
    return rest


_READ_BACK = 500  # ids a statement


@dataclass
class _ReadBack:
    """A compiled SELECT of some records of a feed entity by id (their site last), and
    each column's own result processor, looked up once (by the driver's column types,
    as SQLAlchemy does): the read-back skips SQLAlchemy's per-row work, not its
    conversions."""
    sql: str
    positional: bool
    types: list
    dialect: object
    names: tuple = ()
    _steps: tuple | None = None
    _pickers: dict | None = None

    @property
    def description(self) -> tuple:
        """The SQLite cursor's description of this SELECT (no type codes)."""
        return tuple((n, None, None, None, None, None, None) for n in self.names)

    def picker(self, names: tuple) -> Callable | None:
        """bound values (of columns `names`, bulk.insert's) → this SELECT's row of them,
        or None where SQLite would not give them back as they were bound (a number in
        a text column, a text that is a number in one of another affinity: SQLite
        converts those). The picker itself is None where the SELECT's columns were not
        all bound."""
        pickers = self._pickers if self._pickers is not None else {}
        self._pickers = pickers
        if names in pickers:
            return pickers[names]
        if not set(self.names) <= set(names):
            pickers[names] = None
            return None
        get = itemgetter(*(names.index(n) for n in self.names))
        kinds = [_affinity(t) for t in self.types] + ["text"]  # site_id last
        # A row's value types, checked once for each combination seen.
        allowed = [_KEPT[k] for k in kinds]
        signatures: dict[tuple, bool] = {}
        jsons = tuple(i for i, k in enumerate(kinds) if k == "json")

        def pick(values):
            row = get(values)
            sig = tuple(map(type, row))
            ok = signatures.get(sig)
            if ok is None:
                ok = signatures[sig] = all(t in a for t, a in zip(sig, allowed))
            if not ok:
                return None
            for i in jsons:  # JSON text: a list's or an object's, never a number's
                v = row[i]
                if v is not None and v[:1] in _NUMERIC_START:
                    return None
            return row
        pickers[names] = pick
        return pick

    def steps(self, description) -> tuple:
        if self._steps is None:
            procs = (t.dialect_impl(self.dialect).result_processor(self.dialect, d[1])
                     for t, d in zip(self.types, description))
            self._steps = tuple((i, p) for i, p in enumerate(procs) if p is not None)
        return self._steps

    def dumper(self, description, ent: "Entity", memo: dict) -> Callable:
        """driver row → the entity's JSON-ready dict, as `ent.dump` makes it of the row
        SQLAlchemy gives. Where the dump is the plain one (`ent.temporal` known), each
        column's result processor and its isoformat are done as one step remembered
        by value, and a JSON column's text is kept as it is (an orjson.Fragment, the
        same JSON spliced instead of parsed and written again)."""
        steps = self.steps(description)
        if ent.temporal is None:
            convert, plain = _converter(steps, memo), ent.dump
            return lambda row: plain(convert(row))
        processors = dict(steps)
        plan = []
        for i, (name, t) in enumerate(zip(ent.columns, self.types)):
            process, iso = processors.get(i), name in ent.temporal
            if isinstance(t, JSON):
                plan.append((i, _json_text(process), False))
            elif process is not None or iso:
                plan.append((i, _as_dumped(process, iso), True))
        names = ent.columns

        def dump(row):
            values = list(row[:-1])
            for i, step, remembered in plan:
                v = values[i]
                if v is None:
                    continue
                if remembered:
                    got = memo.get((i, v), _NONE)
                    if got is _NONE:
                        got = memo[(i, v)] = step(v)
                    values[i] = got
                else:
                    values[i] = step(v)
            return dict(zip(names, values))
        return dump


def _as_dumped(process, iso: bool) -> Callable:
    if process is None:
        return lambda v: v.isoformat()
    if not iso:
        return process

    def step(v):
        v = process(v)
        return v.isoformat() if v is not None else None
    return step


def _json_text(process) -> Callable:
    """A JSON column's driver value → what the dump holds: the text itself, spliced by
    orjson, where the driver gives text (SQLite); else the processor's value."""
    def step(v):
        if type(v) is str:
            return orjson.Fragment(v)
        return process(v) if process is not None else v
    return step


_read_backs: dict[tuple, _ReadBack] = {}


def _read_back(name: str, ent: "Entity", n: int, dialect) -> _ReadBack:
    key = (name, id(ent), n, dialect.name)
    hit = _read_backs.get(key)
    if hit is None:
        t = ent.table
        cols = [t.c[c] for c in ent.columns] + [t.c.site_id]
        compiled = select(*cols).where(
            t.c.id.in_([bindparam(f"i{k}") for k in range(n)])).compile(dialect=dialect)
        if compiled.positional and list(compiled.positiontup) != [f"i{k}" for k in range(n)]:
            raise ValueError(f"unexpected parameters reading back {name}")
        hit = _read_backs[key] = _ReadBack(compiled.string, compiled.positional,
                                           [c.type for c in cols[:-1]], dialect,
                                           tuple(c.name for c in cols))
    return hit


_NUMERIC_START = frozenset("-+.0123456789")
_NONE_TYPE = type(None)
# The types of bound values SQLite gives back as they were, by _affinity.
_KEPT = {"text": frozenset({str, _NONE_TYPE}), "json": frozenset({str, _NONE_TYPE}),
         "number": frozenset({int, float, bool, bytes, _NONE_TYPE})}


def _affinity(sa_type) -> str:
    """How SQLite keeps a value bound to a column of this type: "text" (as given),
    "json" (text of a JSON column: the numeric affinity of its declared type turns a
    number's text into a number), "number" (numeric: a text that reads as a number
    becomes one; dates and times are text of their own format, never a number's)."""
    kind = getattr(sa_type, "impl_instance", sa_type)
    if isinstance(kind, JSON):
        return "json"
    if isinstance(kind, (String, Date, DateTime, Time)):
        return "text"
    return "number"


def _converter(steps, memo: dict) -> Callable:
    """row of driver values → the values SQLAlchemy gives, each processor's answers
    remembered in `memo` (by column and value) for the rest of the call."""
    def convert(row):
        values = list(row[:-1])
        for i, process in steps:
            v = values[i]
            if v is not None:
                got = memo.get((i, v), _NONE)
                if got is _NONE:
                    got = memo[(i, v)] = process(v)
                values[i] = got
        return values
    return convert


_NONE = object()


# -- push ----------------------------------------------------------------------------------

def _parse_device_time(text) -> dt.datetime:
    if not isinstance(text, str) or len(text) > 40:
        raise InvalidClock("device_time must be an RFC 3339 time with offset")
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidClock("device_time must be an RFC 3339 time with offset") from None
    if value.tzinfo is None:
        raise InvalidClock("device_time must carry its offset")
    # No phone's clock reads before 1970; and out of these years the times kept as UTC
    # would run off the calendar (year 1 at +14:00 is before year 1 in UTC). A clock
    # that reads 1970 counts, flagged by the push's sent_at.
    if not 1970 <= value.year <= 2099:
        raise InvalidClock("device_time must be a time from 1970 to 2099")
    return value


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def device_row(session: Session, site_id: str, client_id: str, user_id: str,
               now: dt.datetime) -> Client:
    """The device's row, made when it is new. A new device's first pull and first push
    may both make it at once: INSERT ... ON CONFLICT DO NOTHING, so neither fails."""
    client = session.get(Client, (site_id, client_id))
    if client is None:
        mod = postgresql if _dialect(session) == "postgresql" else sqlite
        session.execute(mod.insert(Client).values(
            site_id=site_id, id=client_id, user_id=user_id, first_seen=now, pushed=0,
            rejected=0, restarts=0).on_conflict_do_nothing())
        client = session.get(Client, (site_id, client_id))
    return client


def _touch_client(session: Session, actor: Actor, batch: Batch, now: dt.datetime,
                  applied: int, rejected: int, last_error: str | None) -> None:
    client = device_row(session, actor.site_id, batch.client_id, actor.user_id, now)
    client.user_id = actor.user_id
    client.app_version = batch.app_version
    client.schema = batch.schema
    client.last_push_at = now
    client.pushed = (client.pushed or 0) + applied
    client.rejected = (client.rejected or 0) + rejected
    if batch.sent_at is not None:
        client.clock_offset_ms = int((batch.sent_at - now).total_seconds() * 1000)
    if last_error:
        client.last_error = last_error
    if batch.outbox is not None:
        client.outbox, client.outbox_at = batch.outbox, now


def apply_batch(session: Session, actor: Actor, batch: Batch, registry: Registry,
                now: dt.datetime | None = None) -> list[Result]:
    """Apply one push. Every mutation gets a result; the caller commits them all at once.

    The checks that read nothing (handler, role, clocks, arguments) run before the site's
    lock is taken: the other phones of the school wait for what needs it, not for them.
    Everything that reads records runs under it, from which mutations were applied before
    (exactly once) to the merges (last writer wins on the stored values, not on values
    another push is about to replace), until the caller commits."""
    now = now or utcnow()
    skewed_device = (batch.sent_at is not None and abs(batch.sent_at - now) > SKEW_FLAG)
    # Check every mutation before applying any, and then each handler can load in one
    # query what its mutations would look up one by one.
    clock = (now.timestamp(), (now + MAX_AHEAD).timestamp())
    checked = [_check(actor, m, registry, clock, skewed_device) for m in batch.mutations]
    last = lock_site(session, actor.site_id)
    ids = [m.id for m in batch.mutations]
    done = set(session.execute(applied_among(actor.site_id, ids, _dialect(session))).scalars())
    fresh = [i for i in ids if i not in done]
    others = set(session.execute(logged_for_others(actor, fresh, _dialect(session))).scalars()
                 ) if fresh else set()
    checked = [None if m.id in done else _not_theirs() if m.id in others else c
               for m, c in zip(batch.mutations, checked)]
    cache: dict = {}
    _prefetch(session, actor, checked, cache)
    results, log, changes = [], [], []
    last_error = None
    for m, c in zip(batch.mutations, checked):
        results.append(_result(session, actor, m, c, now, cache, done, changes))
        r = results[-1]
        if r.status == REJECTED:
            last_error = f"{m.name}: {r.code}: {r.message}"
        log.append(_log_row(actor, batch.client_id, m, now, r.status, r.code, r.message))
    bound = _insert_new_rows(session, cache)
    for hook in registry.batch_hooks:
        for c in hook(session, actor, cache, now):
            changes.append(c)
            if c.entity in _FEED:  # changed after it was inserted: read it back
                bound.pop((_FEED[c.entity].table.name, c.id), None)
    session.flush()
    bulk.insert(session, MutationLog.__table__, log)
    _write_changes(session, actor.site_id, last, changes, bound)
    _touch_client(session, actor, batch, now, sum(r.status == APPLIED for r in results),
                  sum(r.status == REJECTED for r in results), last_error)
    session.flush()
    return results


def applied_among(site_id: str, ids: list[str], dialect: str):
    """SELECT the ids among `ids` of mutations applied before (exactly once, by id).

    On SQLite the status is written out as the partial unique index's own condition:
    as a parameter, the index is chosen only once its value is bound (SQLite prepares
    the statement again for it), and the look-up of 500 ids in a log of 30,000 took
    4.5 ms instead of 2.3. PostgreSQL keeps the parameter: there, the written status let
    the planner take that index by site alone while the log's statistics lagged behind
    it, and filter the site's whole log."""
    return select(MutationLog.id).where(MutationLog.site_id == site_id,
                                        bulk.one_of(MutationLog.id, ids, dialect),
                                        MutationLog.status == _applied(dialect))


def _applied(dialect: str):
    """The status 'applied' as the partial indexes' conditions want it (applied_among)."""
    return literal_column(f"'{APPLIED}'") if dialect == "sqlite" else APPLIED


def logged_for_others(actor: Actor, ids: list[str], dialect: str):
    """SELECT the ids among `ids` (none applied) that the log holds for another person.

    The one who sends a change is the one recorded as having done it (recorded_by, and
    the log): a change refused for one person and sent again with its id under another's
    sign-in (a shared phone's next user) would become that person's work. So only its
    first sender may send it again. (Applied before, by anyone, it is a duplicate: nothing
    changes, and its record keeps who did it.) ix_mutation_log_unapplied finds the rows:
    none of `ids` was applied, so only rows not applied can hold them."""
    return (select(MutationLog.id).where(MutationLog.site_id == actor.site_id,
                                         bulk.one_of(MutationLog.id, ids, dialect),
                                         MutationLog.status != _applied(dialect),
                                         MutationLog.user_id != actor.user_id)
            .distinct())


def _not_theirs() -> OtherUser:
    return OtherUser("this change was sent before by another person: it may be sent again "
                     "only with their sign-in")


def _insert_new_rows(session: Session, cache: dict) -> dict:
    """Insert the rows the batch's handlers made (Context.new_row): one statement a table,
    tables in the order they were first written to. What was bound for each, for the
    feed's JSON (bulk.insert); a row a batch hook changes after this is read back
    instead (the hook emits its change)."""
    by_table: dict[Table, list[dict]] = {}
    for table, row in cache.pop(NEW_ROWS, []):
        by_table.setdefault(table, []).append(vars(row))
    bound: dict = {}
    for table, rows in by_table.items():
        bulk.insert(session, table, rows, bound=bound)
    return bound


@dataclass(frozen=True, slots=True)
class _Checked:
    """A mutation that passed the checks that need no database: ready to apply."""
    handler: Handler
    args: dict
    stamp: hlcmod.Timestamp
    device_time: dt.datetime
    skewed: bool


def _prefetch(session: Session, actor: Actor, checked: list, cache: dict) -> None:
    by_handler: dict[str, tuple[Handler, list[dict]]] = {}
    for c in checked:
        if isinstance(c, _Checked) and c.handler.prefetch is not None:
            by_handler.setdefault(c.handler.name, (c.handler, []))[1].append(c.args)
    for handler, args in by_handler.values():
        handler.prefetch(session, actor, cache, args)


def _result(session, actor, m, checked, now, cache, done, changes) -> Result:
    """Apply one mutation unless it was applied before (by id); a rule it breaks makes
    a rejected result, not an exception, so the rest of the batch goes on."""
    if m.id in done:  # applied before, or earlier in this very batch
        return Result(m.id, DUPLICATE)
    if isinstance(checked, SyncError):
        return Result(m.id, REJECTED, checked.code, checked.message)
    ctx = Context(session, actor, m, checked.stamp, checked.device_time, now, checked.skewed,
                  cache)
    try:
        checked.handler.apply(ctx, checked.args)
    except SyncError as e:
        return Result(m.id, REJECTED, e.code, e.message)
    done.add(m.id)
    changes.extend(ctx.changes)
    return Result(m.id, APPLIED)


def _log_row(actor: Actor, client_id: str, m: Mutation, now: dt.datetime, status: str,
             code: str | None, message: str | None) -> dict:
    return {"site_id": actor.site_id, "id": m.id, "client_id": client_id,
            "user_id": actor.user_id, "name": str(m.name)[:64],
            "args": m.args if isinstance(m.args, dict) else {"_raw": repr(m.args)[:2000]},
            "hlc": str(m.hlc)[:128], "device_time": str(m.device_time)[:64],
            "received_at": now, "status": status, "code": code, "message": message}


def log_discarded(session: Session, actor: Actor, client_id: str,
                  mutations: list[Mutation], codes: list[str | None],
                  now: dt.datetime | None = None) -> None:
    """A person discarded these rejected mutations on the phone: logged, never applied."""
    now = now or utcnow()
    session.execute(insert(MutationLog), [
        _log_row(actor, client_id, m, now, DISCARDED, code, "discarded on the phone")
        for m, code in zip(mutations, codes)])


def _check(actor, m, registry, clock, skewed_device) -> _Checked | SyncError:
    """The checks of one mutation that read nothing: handler, role, clocks, arguments.
    Whatever fails is returned, not raised, to become that mutation's rejection.
    `clock`: the server's time and the latest time a change may carry, in seconds since
    the epoch (comparing aware datetimes of two zones took longer than the rest)."""
    try:
        handler = registry.get(m.name)
        if actor.role not in handler.roles:
            raise Forbidden(f"a {actor.role} cannot {handler.summary.lower() or m.name}")
        try:
            stamp = hlcmod.parse(m.hlc)
        except hlcmod.HLCFormatError:
            raise InvalidClock("hlc must be ms:counter:client (15, 5 digits)") from None
        device_time = _parse_device_time(m.device_time)
        now, limit = clock
        device = device_time.timestamp()
        if device > limit or stamp.ms / 1000 > limit:
            raise ClockSkew("device clock is too far ahead of the server's; check the phone's time")
        if not isinstance(m.args, dict):
            raise InvalidArgs("args must be an object")
        try:
            args = loader(handler.schema, EXCLUDE)(m.args)
        except ValidationError as e:
            fields = {f"args.{k}": v for k, v in e.normalized_messages().items()}
            first = next(iter(fields.items()), ("args", ["invalid"]))
            msg = f"{first[0][5:]}: {first[1][0] if isinstance(first[1], list) else first[1]}"
            raise InvalidArgs(msg, fields) from None
    except SyncError as e:
        return e
    skewed = skewed_device or device - now > _SKEW_SECONDS
    return _Checked(handler, args, stamp, device_time, skewed)


_SKEW_SECONDS = SKEW_FLAG.total_seconds()


# -- pull ----------------------------------------------------------------------------------

def _with_departures(conn, site_id: str, scope: "Scope", cursor: int, upto: int,
                     rows: list) -> list:
    """The page's rows and, in change order, a delete for each record that left one of
    the user's classes within (cursor, upto] and is in none of them now, unless the page
    has a row of it already. A change row names only the class its record last left: a
    child moved A → B → C between two pulls of a phone of A reaches that phone this way."""
    mine = sorted(scope.class_ids)
    gone = conn.execute(
        select(Departure.seq, Departure.entity, Departure.entity_id)
        .join(ChangeRow, (ChangeRow.site_id == Departure.site_id)
              & (ChangeRow.entity == Departure.entity)
              & (ChangeRow.entity_id == Departure.entity_id))
        .where(Departure.site_id == site_id, Departure.seq > cursor, Departure.seq <= upto,
               Departure.class_id.in_(mine), Departure.entity.in_(sorted(scope.entities)),
               ChangeRow.class_id.is_not(None), ChangeRow.class_id.not_in(mine))).all()
    seen = {(r[1], r[2]) for r in rows}
    latest: dict[tuple[str, str], int] = {}  # left two of the user's classes: once
    for seq, entity, entity_id in gone:
        if (entity, entity_id) not in seen:
            latest[(entity, entity_id)] = max(seq, latest.get((entity, entity_id), 0))
    extra = [(seq, entity, entity_id, "delete", None, None)
             for (entity, entity_id), seq in latest.items()]
    return sorted(rows + extra, key=itemgetter(0)) if extra else rows


@dataclass(frozen=True)
class Scope:
    """What one user may pull: entity kinds, classes (None: all), and the oldest day of
    dated records. `key` changes when the scope does; a cursor made under another key
    can't be trusted to hold everything the new scope sees, so it is reset."""
    entities: frozenset[str]
    class_ids: frozenset[str] | None
    since: dt.date | None

    @property
    def key(self) -> str:
        """A digest of the whole scope: entity kinds and classes together outgrow a column
        (cut to its width, the classes fell off the end and a class change went unseen)."""
        classes = "*" if self.class_ids is None else ",".join(sorted(self.class_ids))
        return hashlib.sha256(f"{','.join(sorted(self.entities))}|{classes}".encode()).hexdigest()


@dataclass(frozen=True)
class Entity:
    """A kind of record in the feed: its table, the columns a phone gets (`id` among
    them), and `dump`, which makes a row of those columns JSON-ready."""
    table: Table
    dump: Callable[[Sequence], dict]
    columns: tuple[str, ...]
    # The columns whose values the dump writes as isoformat(), if the dump does nothing
    # else (each column's value as it is): the feed's read-back after a push may then
    # make the same dict its own faster way. None: a dump of its own.
    temporal: frozenset[str] | None = None


def pull(session: Session, actor: Actor, cursor: int, limit: int, scope: Scope,
         entities: Mapping[str, Entity], now: dt.datetime | None = None,
         outbox: int | None = None, raw: bool = False) -> PullPage:
    """A page of the changes after `cursor` that `scope` lets the actor see. `outbox`:
    how many mutations the device said it holds queued, kept on its row. `raw`: each
    put's data as an orjson.Fragment of its JSON where the change row holds it (for
    orjson to splice into the answer), not a dict."""
    now = now or utcnow()
    seq = session.get(SiteSeq, actor.site_id)
    last, floor = (seq.last, seq.floor) if seq else (0, 0)
    client = (device_row(session, actor.site_id, actor.client_id, actor.user_id, now)
              if actor.client_id else None)
    if client is not None and outbox is not None:
        client.outbox, client.outbox_at = outbox, now
    if cursor > last or (0 < cursor < floor) or (
            cursor > 0 and client is not None and client.scope_key not in (None, scope.key)):
        if client is not None:
            client.last_cursor = 0  # told to start over: its next pull from 0 is expected
        return PullPage(reset=True)
    if cursor == 0 and client is not None and (client.last_cursor or 0) > 0:
        client.restarts = (client.restarts or 0) + 1
        client.last_restart_at = now

    def in_scope(q):
        if scope.class_ids is not None:
            mine = sorted(scope.class_ids)
            q = q.where(ChangeRow.class_id.is_(None) | ChangeRow.class_id.in_(mine)
                        | ChangeRow.left_class_id.in_(mine))
        if scope.since is not None:
            q = q.where(ChangeRow.day.is_(None) | (ChangeRow.day >= scope.since))
        return q

    conn = session.connection()  # Core, not the ORM's row loading: these are plain rows
    rows = conn.execute(in_scope(
        select(ChangeRow.seq, ChangeRow.entity, ChangeRow.entity_id, ChangeRow.op,
               ChangeRow.class_id, ChangeRow.data)
        .where(ChangeRow.site_id == actor.site_id, ChangeRow.seq > cursor,
               ChangeRow.seq <= last, ChangeRow.entity.in_(sorted(scope.entities)))
        .order_by(ChangeRow.seq).limit(limit + 1))).all()
    has_more = len(rows) > limit
    rows = rows[:limit]

    # A change row of a record that left this user's classes is, to this phone, a delete.
    classes = scope.class_ids
    rows = [(seq, entity, entity_id, "delete", class_id, None)
            if classes is not None and class_id is not None and class_id not in classes
            else (seq, entity, entity_id, op, class_id, data)
            for seq, entity, entity_id, op, class_id, data in rows]
    if classes is not None and cursor > 0:
        rows = _with_departures(conn, actor.site_id, scope, cursor,
                                rows[-1][0] if has_more else last, rows)
    # A put's stored JSON is the dump of these very entities' (publish); any other
    # entities, and rows without it, are read from the records' tables.
    ready = {name for name, ent in entities.items() if _FEED.get(name) is ent}
    wanted = {r[1] for r in rows if r[3] == "put" and (r[5] is None or r[1] not in ready)}
    found: dict[tuple[str, str], dict] = {}
    if wanted:
        # Each kind's records are read joined to the page's own span of change rows,
        # which the (site_id, seq) index gives in order: no list of thousands of ids
        # to send and match. A record whose change row moved past the span meanwhile
        # is not read; its newer change comes in a later page.
        span = (ChangeRow.site_id == actor.site_id, ChangeRow.seq > cursor,
                ChangeRow.seq <= rows[-1][0], ChangeRow.op == "put")
        for name in sorted(wanted):
            ent = entities[name]
            t = ent.table
            q = (select(*(t.c[n] for n in ent.columns))
                 .join_from(ChangeRow, t, t.c.id == ChangeRow.entity_id)
                 .where(*span, ChangeRow.entity == name, t.c.site_id == actor.site_id))
            if name in ready:
                q = q.where(ChangeRow.data.is_(None))
            for rec in conn.execute(in_scope(q)).all():
                data = ent.dump(rec)
                found[(name, data["id"])] = data

    out = []
    ready_json = orjson.Fragment if raw else orjson.loads
    for seq, entity, entity_id, op, _, data in rows:
        if op != "put":
            out.append({"seq": seq, "entity": entity, "id": entity_id, "op": op})
            continue
        if data is not None and entity in ready:
            data = ready_json(data)
        else:
            data = found.get((entity, entity_id))
            if data is None:  # gone since the change row was read: its delete comes later
                continue
        out.append({"seq": seq, "entity": entity, "id": entity_id, "op": "put", "data": data})
    new_cursor = rows[-1][0] if has_more else max(last, cursor)
    if client is not None:
        client.last_pull_at, client.last_cursor, client.scope_key = now, new_cursor, scope.key
    return PullPage(out, new_cursor, has_more)
