"""Many rows into one table in one statement, without SQLAlchemy's work per row.

A push of 500 checks writes some 1,500 rows (check, change row, log).
Through `session.execute(insert(table), rows)` SQLAlchemy builds and converts every
row's parameters in Python, which cost more than the database's own work. Here the
statement is compiled by SQLAlchemy once per table, column set and dialect, each
column's own bind processor (the same conversion SQLAlchemy applies: UTC datetimes,
JSON through the engine's serializer) is looked up once, and the rows go to the
driver's executemany in one call.
"""
from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import Sequence

import orjson
from sqlalchemy import (String, Table, func, insert as sa_insert, literal, literal_column,
                        select)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_compiled: dict[tuple, tuple[str, tuple[str, ...], tuple, bool, tuple]] = {}


def insert(session: Session, table: Table, rows: Sequence[dict],
           upsert: tuple[Sequence[str], Sequence[str]] | None = None,
           bound: dict | None = None) -> None:
    """INSERT `rows` (dicts) into `table`. `upsert=(keys, columns)`: on a conflict on
    `keys`, set `columns` to the new row's values (INSERT ... ON CONFLICT DO UPDATE).
    Rows are grouped by the columns they give; a column they leave out gets its
    server default, so a table with Python-side defaults goes through SQLAlchemy.

    `bound`: on SQLite, filled with what the driver was given for each row that has an
    `id`: `bound[(table name, id)] = (column names, values)`. SQLite stores a value as
    it is bound (but for its column's type affinity), so these are the row as a read of
    it would find it, without the read (sync/engine.py's feed JSON)."""
    if not rows:
        return
    session.flush()  # what the ORM holds goes first, as session.execute's autoflush did
    conn = session.connection()
    dialect = conn.dialect
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for columns, group in groups.items():
        if _needs_python_defaults(table, columns) or dialect.name not in ("sqlite", "postgresql"):
            session.execute(_statement(table, dialect.name, upsert), group)
            continue
        key = (table, columns, dialect.name, _freeze(upsert))
        plan = _compiled.get(key)
        if plan is None:
            plan = _compiled[key] = _compile(table, columns, dialect, upsert)
        sql, names, processors, positional, temporal = plan
        # Only the columns that have a processor are touched; the rest are taken as
        # they are, in one C call a row.
        steps = [(i, _memo(p) if t else p)
                 for i, (p, t) in enumerate(zip(processors, temporal)) if p is not None]
        get = itemgetter(*names)
        params = []
        for row in group:
            values = get(row)
            values = list(values) if len(names) > 1 else [values]
            for i, process in steps:
                values[i] = process(values[i])
            params.append(tuple(values) if positional else dict(zip(names, values)))
        conn.exec_driver_sql(sql, params)
        if bound is not None and positional and dialect.name == "sqlite" and "id" in names:
            at = names.index("id")
            for values in params:
                bound[(table.name, values[at])] = (names, values)


def _freeze(upsert):
    return None if upsert is None else (tuple(upsert[0]), tuple(upsert[1]))


def _needs_python_defaults(table: Table, columns: tuple[str, ...]) -> bool:
    given = set(columns)
    return any(c.default is not None and c.key not in given for c in table.columns)


def _statement(table: Table, dialect_name: str, upsert):
    if upsert is None:
        return sa_insert(table)
    keys, columns = upsert
    stmt = (postgresql if dialect_name == "postgresql" else sqlite).insert(table)
    return stmt.on_conflict_do_update(index_elements=list(keys),
                                      set_={c: getattr(stmt.excluded, c) for c in columns})


def _compile(table, columns, dialect, upsert):
    compiled = _statement(table, dialect.name, upsert).compile(dialect=dialect,
                                                               column_keys=list(columns))
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    names = tuple(compiled.positiontup) if compiled.positional else tuple(by_name)
    if set(names) != set(columns) or compiled.escaped_bind_names:
        raise ValueError(f"unexpected parameters compiling an insert into {table.name}")
    processors = tuple(by_name[n].type.dialect_impl(dialect).bind_processor(dialect)
                       for n in names)
    temporal = tuple(_python_type(by_name[n].type) in (dt.datetime, dt.date) for n in names)
    return compiled.string, names, processors, compiled.positional, temporal


def _python_type(sa_type):
    try:  # a TypeDecorator (UTCDateTime) says what its implementation holds
        return getattr(sa_type, "impl_instance", sa_type).python_type
    except NotImplementedError:
        return None


def _memo(process):
    """The processor, remembering its answers for one statement: the rows of a push
    share their receive time, and often their device time."""
    seen = {}

    def memoized(value):
        out = seen.get(value, _MISSING)
        if out is _MISSING:
            out = seen[value] = process(value)
        return out
    return memoized


_MISSING = object()


def one_of(column, values, dialect_name: str):
    """`column IN values`; on SQLite with one parameter, whatever the number of values,
    read from a JSON array (json_each). SQLAlchemy's own IN binds a parameter for each
    value and writes the statement anew on every call: for a push's 500 ids that cost
    more than the query. PostgreSQL keeps the expanded list: one array parameter
    (= ANY) measured no faster there, with eight phones pushing at once."""
    values = list(values)
    if dialect_name == "sqlite":
        array = literal(orjson.dumps(values).decode(), String)
        return column.in_(select(literal_column("value")).select_from(func.json_each(array)))
    return column.in_(values)
