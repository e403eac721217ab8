"""Extensions, created unbound and bound to the app in create_app with init_app."""
import sqlite3
import time

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine

from sync.models import Base

db = SQLAlchemy(metadata=Base.metadata)
migrate = Migrate()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL so readers never block the writer; FULL sync so an answered push is on disk.
    A page cache of 32 MiB a connection (SQLite's default is 2 MiB, less than the
    indexes a push of 500 checks walks once a school has a term of them), reads through
    a memory map and temporary tables in memory: none of these touches what is written
    or when it reaches the disk. The write-ahead log is copied back into the database
    every 16,000 pages (64 MiB) instead of 1,000: a push of 500 checks dirties some
    2,000 pages of random-key indexes, so every push paid for a checkpoint; now a page
    that several pushes changed is copied back once. A commit is on disk once it is in
    the log, checkpoint or not."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA cache_size=-32768")
        cur.execute("PRAGMA mmap_size=268435456")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.execute("PRAGMA wal_autocheckpoint=16000")
        cur.close()


# Python's sqlite3 binds int, float, str and bytearray as they are and offers every other
# value to its adapters first; for None that search ends in two AttributeErrors, each
# with its message formatted. A push of 500 checks binds some 3,000 NULLs (an unset note,
# a log row's code): that search was 3% of the push. An adapter found in the registry is
# one dict lookup; this one is C too (an empty dict's get: None for None).
sqlite3.register_adapter(type(None), {}.get)


# SQLite's query planner needs statistics (ANALYZE) to tell a lookup of 500 ids by primary
# key from a walk of the school's whole index on site_id: without them it chose the walk,
# and a push slowed down as the tables grew. `PRAGMA optimize` gathers them for the tables
# this connection's queries used that have none, or that grew 25-fold since (SQLite's
# advice for long-lived connections). It costs microseconds when there is nothing to do;
# run when a connection goes back to the pool, at most once a minute per connection.
OPTIMIZE_EVERY = 60.0


@event.listens_for(Engine, "checkin")
def _sqlite_optimize(dbapi_connection, connection_record):
    if dbapi_connection is None or not type(dbapi_connection).__module__.startswith("sqlite3"):
        return
    now = time.monotonic()
    if now - connection_record.info.get("sanguan.optimized", float("-inf")) < OPTIMIZE_EVERY:
        return
    connection_record.info["sanguan.optimized"] = now
    try:
        dbapi_connection.execute("PRAGMA optimize")
    except Exception:  # noqa: BLE001 - statistics are an aid; a busy database skips them
        pass
