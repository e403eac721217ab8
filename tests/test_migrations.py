"""The schema is made only by migrations (issue 3): `flask db upgrade` on an empty database
gives exactly the models' schema, on SQLite and PostgreSQL; `flask demo` twice is safe."""
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from server import create_app  # noqa: F401  (imports every model onto the metadata)
from server.models import Child, Site, User
from sync.models import Base
from tests.conftest import BACKENDS, PG_URL

ROOT = Path(__file__).resolve().parent.parent


def flask(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "server", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path):
    """A database with nothing in it: a file, or a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    name = f"sanguan_migrations_test_{os.getpid()}"
    admin = PG_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_upgrade_on_an_empty_database_gives_the_models_schema(empty_url):
    flask(empty_url, "db", "upgrade")
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_loading_the_demo_school_twice_is_safe(empty_url):
    flask(empty_url, "db", "upgrade")
    first = flask(empty_url, "demo")
    engine = create_engine(empty_url)

    def counts():
        with engine.connect() as conn:
            return [conn.execute(select(func.count()).select_from(m)).scalar()
                    for m in (Site, User, Child)]
    before = counts()
    second = flask(empty_url, "demo")
    assert "Loaded" in first and "Already loaded" in second and "sanguan-demo" in second
    assert counts() == before == [1, 6, 75]
    engine.dispose()
