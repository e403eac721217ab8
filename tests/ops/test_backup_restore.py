"""`flask backup` and `flask restore` on SQLite and PostgreSQL: the restored database
holds every record the backup had, and phones go on syncing against it — a phone whose
cursor is from before the restore, behind or beyond the backup, is told to reset, even
after the restored site has made more changes than were lost."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench.morning import throwaway_database
from bench.server import postgres_reachable
from server import create_app
from server.backup import RESTORE_JUMP
from server.config import TestConfig
from server.extensions import db
from server.models import HealthCheck
from sync.models import ChangeRow, SiteSeq

from ..conftest import Phone, check_args, stored_rows, today


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.db'}"
        return
    if not postgres_reachable():
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    with throwaway_database() as url:
        yield url


@pytest.fixture
def app(database_url, tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        BLOB_DIR = tmp_path / "blobs"
    app = create_app(Config)
    cli = app.test_cli_runner()
    for args in (["db", "upgrade"], ["demo", "--children", "4"]):
        assert cli.invoke(args=args).exit_code == 0
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def flask(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def record(phone: Phone, kids: list[dict], day: str, count: int) -> None:
    muts = [phone.mutation("check.record", check_args(k["id"], date=day, session=s))
            for k in kids for s in ("morning", "noon")][:count]
    assert {r["status"] for r in phone.results(muts)} == {"applied"}


def checks(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(HealthCheck)).scalar()


def test_restored_copy_holds_every_record_and_phones_go_on_syncing(app, client, tmp_path):
    health, other = Phone(client, "demo", "health"), Phone(client, "demo", "admin")
    changes, _ = health.pull_all()
    kids = [c["data"] for c in changes if c["entity"] == "child"]
    record(health, kids, today(-1), 10)
    _, behind = other.pull_all()
    before = stored_rows(app)
    flask(app, "backup", str(tmp_path / "sanguan.backup"))

    record(health, kids, today(-2), 5)      # after the backup: the restore loses these
    _, beyond = health.pull_all()
    assert checks(app) == 15
    out = flask(app, "restore", "--yes", str(tmp_path / "sanguan.backup"))
    assert "renumbered" in out

    after = stored_rows(app)
    moved = {"changes", "site_seq"}  # the same rows, numbered RESTORE_JUMP higher
    assert {t: r for t, r in after.items() if t not in moved} == \
           {t: r for t, r in before.items() if t not in moved}
    assert checks(app) == 10
    with app.app_context():
        assert db.session.execute(select(func.min(ChangeRow.seq))).scalar() == RESTORE_JUMP + 1
        assert all(s.floor == RESTORE_JUMP + 1 for s in db.session.execute(select(SiteSeq)).scalars())

    record(health, kids, today(-3), 8)      # the restored site goes on: more than was lost
    for cursor in (behind, beyond):         # both cursors are from before the restore
        assert health.pull(cursor).get_json()["reset"] is True
    pulled, cursor = health.pull_all(0)
    days = sorted({c["data"]["date"] for c in pulled if c["entity"] == "health_check"})
    assert days == [today(-3), today(-1)]
    assert len([c for c in pulled if c["entity"] == "health_check"]) == 18
    record(health, kids, today(-4), 2)
    fresh, _ = health.pull_all(cursor)       # a cursor from after the restore is served
    assert len([c for c in fresh if c["entity"] == "health_check"]) == 2


def test_photos_are_backed_up_beside_the_database_and_put_back(app, tmp_path):
    photo = app.config["BLOB_DIR"] / "ab" / "cd" / ("abcd" + "0" * 60)
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"a photo")
    assert "1 new photo" in flask(app, "backup", str(tmp_path / "b"))
    assert "0 new photo" in flask(app, "backup", str(tmp_path / "b"))  # only what is new
    photo.unlink()
    assert "1 missing photo" in flask(app, "restore", "--yes", str(tmp_path / "b"))
    assert photo.read_bytes() == b"a photo"


def test_restore_refuses_without_a_backup_file(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "none")])
    assert result.exit_code != 0
