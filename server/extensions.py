"""Extensions, created unbound and bound to the app in create_app with init_app."""
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
    or when it reaches the disk."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA cache_size=-32768")
        cur.execute("PRAGMA mmap_size=268435456")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()
