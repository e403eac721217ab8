"""The SQLite connection's settings (server/extensions.py): durable commits, a long
write-ahead log, and the planner statistics that keep a push's lookups by id."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from server import extensions
from server.demo import load_demo
from server.extensions import db
from server.feed import ENTITIES
from sync import engine

from ..conftest import Phone, app_on, check_args, children_of, empty_database, today


@pytest.fixture
def sqlite_app(tmp_path):
    yield from app_on(empty_database("sqlite", tmp_path))


def test_every_connection_commits_durably_with_a_long_log(sqlite_app):
    with sqlite_app.app_context():
        conn = db.session.connection()
        setting = lambda name: conn.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert setting("journal_mode") == "wal"
        assert setting("synchronous") == 2  # FULL: an answered push is on disk
        assert setting("foreign_keys") == 1
        assert setting("wal_autocheckpoint") == 16000


def test_the_planner_gets_statistics_for_what_a_push_used(sqlite_app, monkeypatch):
    """A connection going back to the pool gathers statistics for the tables its
    queries used (at most once a minute: here each time)."""
    monkeypatch.setattr(extensions, "OPTIMIZE_EVERY", 0)
    phone = pushed_checks(sqlite_app)
    assert phone
    with sqlite_app.app_context():
        db.session.remove()
        db.engine.dispose()  # every connection checked in, and closed
    raw = sqlite3.connect(database_path(sqlite_app))
    try:
        analysed = {row[0] for row in raw.execute("SELECT tbl FROM sqlite_stat1")}
    finally:
        raw.close()
    assert {"mutation_log", "changes"} <= analysed


def test_the_feed_reads_back_records_by_id_with_or_without_statistics(sqlite_app):
    """Given `site_id = ?` beside 500 ids, SQLite without statistics walked the school's
    whole site index; the engine's read-back asks by id alone."""
    pushed_checks(sqlite_app)
    with sqlite_app.app_context():
        db.session.remove()
        db.engine.dispose()
        statement = engine._read_back("health_check", ENTITIES["health_check"], 20,
                                      db.engine.dialect).sql
    raw = sqlite3.connect(database_path(sqlite_app))
    try:
        for analysed in (False, True):
            if analysed:
                raw.execute("ANALYZE")
            ids = [row[0] for row in raw.execute("SELECT id FROM health_checks LIMIT 20")]
            plan = " ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", ids))
            assert "ix_health_checks_site_date" not in plan and "SCAN" not in plan, plan
    finally:
        raw.close()


def pushed_checks(app) -> Phone:
    """The demo school and 450 checks pushed by its health teacher."""
    with app.app_context():
        load_demo(db.session)
        db.session.commit()
    phone = Phone(app.test_client(), "demo", "health")
    kids = children_of(phone)
    results = phone.results([
        phone.mutation("check.record", check_args(k["id"], date=day, session=session))
        for k in kids[:75] for day in (today(-1), today(-2), today(-3))
        for session in ("morning", "noon")])
    assert {r["status"] for r in results} == {"applied"}
    return phone


def database_path(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
