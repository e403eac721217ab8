"""The schema is made only by migrations (issue 3): `flask db upgrade` on an empty database
gives exactly the models' schema, on SQLite and PostgreSQL; `flask demo` twice is safe; a
migration that moves records' data loses none of it, either way."""
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from server import create_app  # (also imports every model onto the metadata)
from server.config import TestConfig
from server.models import CheckHistory, Child, HealthCheck, Site, User
from sync.models import Base, ChangeRow
from tests.conftest import BACKENDS, PG_URL, Phone, check_args, children_of

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


def test_check_versions_move_onto_their_check_and_back_losing_none(empty_url):
    """47a18c96da52: downgrade copies the versions kept on each check back into
    check_history; upgrade fills health_checks.history from those rows, the same JSON the
    push wrote, and a pull reads the checks from their table (their stored JSON lacked it)."""
    flask(empty_url, "db", "upgrade")
    flask(empty_url, "demo")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_url
    app = create_app(Config)
    teacher = Phone(app.test_client(), "demo", "teacher1")
    a, b = (k["id"] for k in children_of(teacher)[:2])
    assert {r["status"] for r in teacher.results([teacher.mutation("check.record", args) for args in (
        check_args(a), check_args(a, "abnormal", temperature=38.1, symptoms=["cough"]),
        check_args(b, "absent", absence_reason="ill"))])} == {"applied"}
    engine = create_engine(empty_url)

    def histories():
        with engine.connect() as conn:
            return dict(conn.execute(select(HealthCheck.id, HealthCheck.history)).all())
    before = histories()
    assert sorted(len(h) for h in before.values()) == [1, 2]

    engine.dispose()
    flask(empty_url, "db", "downgrade", "3e945b5a0b2b")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(CheckHistory)).scalar() == 3
        assert conn.execute(select(func.count()).select_from(ChangeRow).where(
            ChangeRow.entity == "check_history")).scalar() == 3
    engine.dispose()
    flask(empty_url, "db", "upgrade")
    assert histories() == before
    with engine.connect() as conn:
        assert conn.execute(select(ChangeRow.data).where(
            ChangeRow.entity == "health_check")).scalars().all() == [None, None]
    engine.dispose()
    pulled = {c["id"]: c["data"]["history"] for c in Phone(app.test_client(), "demo", "teacher1")
              .pull_all()[0] if c["entity"] == "health_check"}
    assert pulled == before
