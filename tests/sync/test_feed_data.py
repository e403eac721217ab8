"""Each put's record stored as JSON on its change row (changes.data) and sent by pulls as
it is stored: the same records as reading them from their tables, nothing the feed leaves
out, and rows without it (written before the column) still read from their tables.
Every test with a database also ends with tests/conftest.py's feed_data_problems."""
from sqlalchemy import delete, select, update

from server.extensions import db
from server.feed import ENTITIES
from server.models import Child, User, Visitor, Zone
from sync.models import ChangeRow
from tests.conftest import check_args, children_of, feed_data_problems


def test_every_put_of_the_demo_school_and_a_push_carries_its_records_json(app, login_as):
    phone = login_as("health")
    kid = children_of(phone)[0]["id"]
    assert all(r["status"] == "applied" for r in phone.results(
        [phone.mutation("check.record", check_args(kid, temperature=37.9, status="abnormal",
                                                   symptoms=["fever"]))]))
    with app.app_context():
        rows = db.session.execute(select(ChangeRow.entity, ChangeRow.data)
                                  .where(ChangeRow.op == "put")).all()
        assert rows and all(data is not None for _, data in rows)
        assert {"child", "user", "zone", "health_check"} <= {e for e, _ in rows}
        assert feed_data_problems(db.session) == []


def test_fields_the_feed_leaves_out_are_never_stored_for_it(app, login_as):
    login_as("admin")
    with app.app_context():
        stored = {e: d for e, d in db.session.execute(select(ChangeRow.entity, ChangeRow.data))}
    for secret in ("password_hash", "locale"):
        assert f'"{secret}"' not in stored["user"]
    assert '"code"' not in stored["zone"] and '"site_id"' not in stored["child"]
    assert '"field_hlc"' not in "".join(d for e, d in stored.items() if e == "health_check")


def test_rows_written_before_the_column_are_read_from_their_tables(app, login_as):
    phone = login_as("health")
    kid = children_of(phone)[0]["id"]
    phone.results([phone.mutation("check.record", check_args(kid, temperature=36.8))])
    with_json, _ = phone.pull_all()
    with app.app_context():
        db.session.execute(update(ChangeRow).values(data=None))
        db.session.commit()
    without, _ = login_as("health").pull_all()
    assert without == with_json and len(without) > 90
    with app.app_context():  # rows the teardown's check would count as written without
        db.session.execute(delete(ChangeRow))
        db.session.commit()


def test_a_record_changed_behind_the_feeds_back_is_caught(app, login_as):
    """The check every test ends with can fail: a record written without its change row."""
    login_as("admin")
    with app.app_context():
        db.session.execute(update(Child).values(name="改名"))
        db.session.commit()
        problems = feed_data_problems(db.session)
        assert problems and all(p.startswith("child ") for p in problems)
        db.session.execute(update(ChangeRow).where(ChangeRow.entity == "child")
                           .values(data=None))
        db.session.commit()
        assert any("put without data" in p for p in feed_data_problems(db.session))
        db.session.execute(update(ChangeRow).where(ChangeRow.entity == "child")
                           .values(op="delete"))  # what the teardown may accept
        db.session.commit()
        assert feed_data_problems(db.session) == []


def test_every_feed_entity_has_a_table_with_its_id_and_site():
    for name, ent in ENTITIES.items():
        assert "id" in ent.columns and "site_id" in ent.table.c, name
    assert "id_number" not in ENTITIES["visitor"].columns and Visitor.__table__ is not None
    assert "password_hash" not in ENTITIES["user"].columns and User and Zone


def test_a_pushed_record_is_taken_from_what_was_bound_only_where_sqlite_keeps_it_as_is():
    """The feed's JSON of a record a push inserted is made from the values bound for it
    (sync/engine.py, _from_bound), not read back: only where SQLite would give back
    exactly those values. Where it would not (a number in a text column, a JSON column's
    text that is a number: SQLite's type affinity converts them), the record is read."""
    from sqlalchemy.dialects import sqlite

    from sync.engine import _read_back
    ent = ENTITIES["health_check"]
    plan = _read_back("health_check", ent, 1, sqlite.dialect())
    names = tuple(reversed(plan.names)) + ("field_hlc",)  # any order, more columns
    row = {n: None for n in names}
    row.update(id="c1", site_id="s1", child_id="k1", class_id="a1", date="2026-11-27",
               session="morning", status="normal", temperature=36.6, symptoms="[]",
               history='[{"id": "m1"}]')
    values = tuple(row[n] for n in names)
    picked = plan.picker(names)(values)
    assert picked is not None and picked[ent.columns.index("id")] == "c1"
    assert picked[-1] == "s1"  # the site last, as the read-back SELECT has it
    for column, kept_differently in (("status", 1), ("symptoms", "5"), ("temperature", "36.6")):
        odd = tuple(kept_differently if n == column else row[n] for n in names)
        assert plan.picker(names)(odd) is None, column
    assert plan.picker(("id", "site_id")) is None  # columns the feed needs, not bound
