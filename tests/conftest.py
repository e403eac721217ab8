"""Fixtures: every database test runs on SQLite and, where the server is reachable (and
always in CI), on PostgreSQL. Auth stays on: tests sign in like a phone does."""
from __future__ import annotations

import datetime as dt
import itertools
import os
import uuid
from types import SimpleNamespace

import orjson
import psycopg
import pytest
from sqlalchemy import create_engine, select, text

from server import create_app
from server.config import TestConfig
from server.demo import DEMO_PASSWORD, load_demo
from server.extensions import db
from server.feed import ENTITIES
from server.school import class_order, person_key
from sync.models import Base, ChangeRow

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_reachable() -> bool:
    try:
        psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


BACKENDS = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
if os.environ.get("REQUIRE_POSTGRES") and "postgresql" not in BACKENDS:
    raise RuntimeError(f"REQUIRE_POSTGRES is set but PostgreSQL at {PG_URL} is unreachable")

# Each test run gets a schema of its own in the test database, so that runs side by side
# (a developer's and a benchmark's, say) never see each other's tables.
PG_SCHEMA = f"run_{os.getpid()}"
PG_RUN_URL = f"{PG_URL}?options=-csearch_path%3D{PG_SCHEMA}"
_pg_ready = False


def _reset_postgres():
    """Schema made once per run; every test then starts from empty tables."""
    global _pg_ready
    if not _pg_ready:
        with create_engine(PG_URL).begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine = create_engine(PG_RUN_URL)
    with engine.begin() as conn:
        if not _pg_ready:
            Base.metadata.create_all(conn)
            _pg_ready = True
        else:  # DELETE, not TRUNCATE: for a few rows a table it is several times faster
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
    engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema():
    yield
    if _pg_ready:
        with create_engine(PG_URL).begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))


def empty_database(backend: str, folder) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'sanguan.db'}"
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        return url
    _reset_postgres()
    return PG_RUN_URL


def app_on(database_url: str):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
    app = create_app(Config)
    yield app
    with app.app_context():
        db.session.remove()
        problems = feed_data_problems(db.session)
        db.session.remove()
        db.engine.dispose()
    assert not problems, "after this test, the feed's stored JSON is not its records':\n" + \
        "\n".join(problems[:20])


def feed_data_problems(session) -> list[str]:
    """Every change row's stored JSON (changes.data) against its record as a pull reads
    it now: a put of a record that exists carries exactly its entity's dump (nothing the
    feed leaves out), anything else carries none. Run after every test that had a
    database, so every way a test writes records is checked."""
    problems = []
    t = ChangeRow.__table__
    for row in session.execute(select(t.c.entity, t.c.entity_id, t.c.op).where(
            t.c.data.is_not(None), t.c.op != "put")):
        problems.append(f"{row.entity} {row.entity_id}: a {row.op} with data")
    for name, ent in ENTITIES.items():
        rec = ent.table
        q = (select(t.c.entity_id, t.c.data, *(rec.c[n] for n in ent.columns))
             .join_from(t, rec, (rec.c.id == t.c.entity_id) & (rec.c.site_id == t.c.site_id))
             .where(t.c.entity == name, t.c.op == "put"))
        for row in session.execute(q):
            if row.data is None:
                problems.append(f"{name} {row.entity_id}: put without data")
                continue
            stored, now = orjson.loads(row.data), ent.dump(tuple(row[2:]))
            if stored != now:
                problems.append(f"{name} {row.entity_id}: stored {stored} != now {now}")
            hidden = set(stored) & {c.name for c in ent.table.columns} - set(ent.columns)
            if hidden:
                problems.append(f"{name} {row.entity_id}: {sorted(hidden)} left the server")
    return problems


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    return empty_database(request.param, tmp_path)


@pytest.fixture
def app(database_url):
    yield from app_on(database_url)


@pytest.fixture(scope="module", params=BACKENDS)
def module_app(request, tmp_path_factory):
    """One database for a whole module, for many small tests that each compare the data
    before and after themselves (hostile input): a module overrides `app` with it."""
    yield from app_on(empty_database(request.param, tmp_path_factory.mktemp("db")))


@pytest.fixture
def session(app):
    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def demo(app):
    """The demo school, and a second school to prove the boundary between them."""
    with app.app_context():
        site, _ = load_demo(db.session)
        other, _ = load_demo(db.session, slug="other", children_per_class=3)
        db.session.commit()
        return {"site_id": site.id, "other_site_id": other.id}


@pytest.fixture
def client(app):
    return app.test_client()


_clock = itertools.count(1)


class Phone:
    """A signed-in app on one device, speaking PROTOCOL.md through the test client."""

    def __init__(self, client, site: str, username: str, password: str = DEMO_PASSWORD):
        self.client = client
        self.client_id = str(uuid.uuid4())
        r = client.post("/api/auth/login", json={"site": site, "username": username,
                                                  "password": password,
                                                  "device_id": self.client_id})
        assert r.status_code == 200, r.get_json()
        self.token = r.get_json()["token"]
        self.user = r.get_json()["user"]
        self.ms = 1_764_000_000_000
        self.counter = 0

    @property
    def headers(self):
        return {"Authorization": f"Bearer {self.token}"}

    def hlc(self, ms: int | None = None) -> str:
        if ms is None:
            self.counter += 1
            return f"{self.ms:015d}:{self.counter:05d}:{self.client_id}"
        return f"{ms:015d}:00000:{self.client_id}"

    def mutation(self, name: str, args: dict, *, hlc: str | None = None,
                 device_time: str | None = None, id: str | None = None) -> dict:
        now = dt.datetime.now(dt.timezone(dt.timedelta(hours=8)))
        return {"id": id or str(uuid.uuid4()), "name": name, "hlc": hlc or self.hlc(),
                "device_time": device_time or now.isoformat(timespec="milliseconds"),
                "args": args}

    def push(self, mutations: list[dict], **extra):
        body = {"client_id": self.client_id, "schema": 1, "app_version": "test",
                "mutations": mutations, **extra}
        return self.client.post("/api/sync/push", json=body, headers=self.headers)

    def results(self, mutations: list[dict]) -> list[dict]:
        r = self.push(mutations)
        assert r.status_code == 200, r.get_json()
        return r.get_json()["results"]

    def pull(self, cursor: int = 0, limit: int = 1000):
        return self.client.get(f"/api/sync/pull?cursor={cursor}&limit={limit}",
                               headers=self.headers)

    def pull_all(self, cursor: int = 0, limit: int = 1000) -> tuple[list[dict], int]:
        changes = []
        while True:
            body = self.pull(cursor, limit).get_json()
            if body.get("reset"):
                cursor, changes = 0, []
                continue
            changes += body["changes"]
            cursor = body["cursor"]
            if not body["has_more"]:
                return changes, cursor


@pytest.fixture
def login_as(client, demo):
    """login_as("teacher1") → a Phone signed in at the demo school (or site=...)."""
    def login(username: str, site: str = "demo") -> Phone:
        return Phone(client, site, username)
    return login


@pytest.fixture
def uploaded_photo(app, tmp_path):
    """uploaded_photo(phone) → the SHA-256 of a small JPEG that phone uploaded (into a
    folder of this test's): a change may name only a photo the school has."""
    import hashlib
    import io

    from PIL import Image
    app.config["BLOB_DIR"] = tmp_path / "blobs"

    def upload(phone: Phone, size=(32, 24)) -> str:
        buf = io.BytesIO()
        Image.new("RGB", size, (40, 120, 200)).save(buf, "JPEG")
        sha = hashlib.sha256(buf.getvalue()).hexdigest()
        r = phone.client.put(f"/api/blobs/{sha}", data=buf.getvalue(), headers=phone.headers,
                             content_type="application/octet-stream")
        assert r.status_code == 200, r.get_json()
        return sha
    return upload


def calendar_day(admin: Phone, day: str, kind: str) -> None:
    """Put a day on the school's calendar as the admin does: a holiday or a workday."""
    r = admin.client.put(f"/api/admin/calendar/{day}", json={"kind": kind, "note": "测试"},
                         headers=admin.headers)
    assert r.status_code == 200, r.get_json()


@pytest.fixture
def open_today(login_as):
    """Today a school day whatever the weekday (a make-up workday on a weekend), so what
    is due on a school day is due today on whatever day the suite runs."""
    calendar_day(login_as("admin"), today(), "workday")


def children_of(phone: Phone, class_id: str | None = None) -> list[dict]:
    changes, _ = phone.pull_all()
    return [c["data"] for c in changes if c["entity"] == "child"
            and (class_id is None or c["data"]["class_id"] == class_id)]


def today(days: int = 0) -> str:
    """The demo school's date (Asia/Shanghai), shifted by `days`: inside the pull window."""
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=8)))
    return (now.date() + dt.timedelta(days=days)).isoformat()


def check_args(child_id: str, status: str = "normal", date: str | None = None,
               session: str = "morning", **kw) -> dict:
    return {"child_id": child_id, "date": date or today(), "session": session,
            "status": status, **kw}


def by_person(people: list[dict]) -> list[dict]:
    """Pulled people (dicts) in the order the school lists them (server/school.py
    by_person: by name, surnames read as surnames, then id)."""
    return sorted(people, key=lambda p: (person_key(p["name"]), p["id"]))


def out_of_order(classes: list[dict], kids: list[dict]) -> list[dict]:
    """Four children (pulled dicts) in an order no list of the school keeps: two of the
    eldest class, then two of the youngest, each class's pair by name backwards. A list
    in the school's order (classes by class_order, children by person_key) reverses it."""
    ordered = sorted(classes, key=lambda c: class_order(SimpleNamespace(**c)))
    picked = []
    for cls in (ordered[-1], ordered[0]):
        mine = by_person([k for k in kids if k["class_id"] == cls["id"]])
        picked += [mine[3], mine[1]]
    return picked


def actor_for(session, username: str, site: str = "demo", client_id: str | None = None):
    """The engine's Actor for a demo user, to call sync/ directly without HTTP."""
    from server.models import Site, User, UserClass
    from sync import Actor
    site_row = session.execute(select(Site).where(Site.slug == site)).scalar_one()
    user = session.execute(select(User).where(User.site_id == site_row.id,
                                              User.username == username)).scalar_one()
    classes = frozenset(session.execute(select(UserClass.class_id).where(
        UserClass.user_id == user.id)).scalars())
    return Actor(user.id, site_row.id, user.role, classes, client_id or str(uuid.uuid4()))


# Columns that change on every request (a token's last use, a client's last pull) and
# the tables that only ever grow (the audit log, sign-in attempts): not "stored data".
VOLATILE_TABLES = {"tokens", "clients", "login_attempts", "mutation_log"}


def stored_rows(app) -> dict[str, list[tuple]]:
    """Every row of every table that holds the school's data, for before/after checks.
    Takes the app, not the session fixture: a request made while a test holds an app
    context would share that context's session."""
    with app.app_context():
        return {t.name: sorted(tuple(map(repr, r)) for r in db.session.execute(select(t)))
                for t in Base.metadata.sorted_tables if t.name not in VOLATILE_TABLES}


def log_rows(app, **match) -> list[dict]:
    """mutation_log rows as dicts, oldest first, optionally filtered by column values."""
    from sync.models import MutationLog
    q = select(MutationLog.__table__).order_by(MutationLog.log_id)
    for k, v in match.items():
        q = q.where(getattr(MutationLog, k) == v)
    with app.app_context():
        return [dict(r) for r in db.session.execute(q).mappings()]
