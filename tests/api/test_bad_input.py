"""What bad input gets (issue 3): the answer PROTOCOL.md gives — an error body, or a
`rejected` result with a stable code — and nothing already stored is harmed."""
import datetime as dt
import json
import uuid

import pytest

from server.demo import load_demo
from server.extensions import db
from tests.conftest import Phone, check_args, children_of, log_rows, stored_rows, today

DROP = object()  # a field left out of the body


@pytest.fixture
def app(module_app):
    """Each test here compares the data before and after itself, so one database can
    serve the whole module (and harm that builds up across cases would show)."""
    return module_app


def assert_error(r, status, code, field=None):
    """PROTOCOL.md "Errors": the same JSON body whatever the status."""
    assert (r.status_code, r.is_json) == (status, True), r.data[:300]
    body = r.get_json()
    assert set(body) == {"error"} and set(body["error"]) <= {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if field is not None:
        assert field in body["error"]["fields"], body["error"]
        assert all(isinstance(m, str) for m in body["error"]["fields"][field])


@pytest.fixture(scope="module")
def school(module_app):
    """The demo school with one check already stored, and a phone signed in to it."""
    with module_app.app_context():
        load_demo(db.session)
        load_demo(db.session, slug="other", children_per_class=3)
        db.session.commit()
    phone = Phone(module_app.test_client(), "demo", "health")
    kids = children_of(phone)
    phone.results([phone.mutation("check.record", check_args(kids[0]["id"], temperature=36.6))])
    return phone, kids[1]["id"]  # a second child, for the mutations under test


@pytest.fixture
def stored(app, school):
    """The phone and child to test with; `harmless()` asserts the school's data is as it
    was before the test."""
    before = stored_rows(app)

    class Stored:
        phone, child = school

        @staticmethod
        def harmless():
            assert stored_rows(app) == before
    return Stored


def later(**kw) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(**kw)).isoformat()


def future_hlc(phone) -> str:
    ms = int((dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)).timestamp() * 1000)
    return phone.hlc(ms)


# -- the whole request is refused -----------------------------------------------------

def body(**over):
    """A push body with some fields replaced (a callable gets the phone and a good
    mutation) or dropped."""
    def make(phone, good):
        b = {"client_id": phone.client_id, "schema": 1, "app_version": "test",
             "mutations": [good]}
        for k, v in over.items():
            b.pop(k) if v is DROP else b.__setitem__(k, v(phone, good) if callable(v) else v)
        return {"json": b}
    return make


def raw(data, content_type="application/json"):
    return lambda phone, good: {"data": data, "content_type": content_type}


REFUSED = [
    ("malformed json", raw('{"client_id": "abc", '), 400, "malformed_json", None),
    ("json null", raw("null"), 400, "malformed_json", None),
    ("NaN", raw('{"client_id": "abc", "schema": NaN}'), 400, "malformed_json", None),
    # The same, parsed by the parser that takes escapes orjson refuses: it took NaN too.
    ("NaN beside an escape", raw('{"client_id": "\\ud800", "schema": NaN}'), 400,
     "malformed_json", None),
    ("Infinity beside an escape", raw('{"client_id": "\\u0000", "outbox": -Infinity}'), 400,
     "malformed_json", None),
    ("not json", raw("client_id=abc", "application/x-www-form-urlencoded"), 400,
     "malformed_request", None),
    ("array body", raw("[1, 2, 3]"), 400, "malformed_request", None),
    ("string body", raw('"push"'), 400, "malformed_request", None),
    ("no mutations", body(mutations=DROP), 422, "validation_failed", "mutations"),
    ("mutations an object", body(mutations={}), 422, "validation_failed", "mutations"),
    ("mutation a number", body(mutations=[1]), 422, "validation_failed", "mutations[0]._schema"),
    ("no client_id", body(client_id=DROP), 422, "validation_failed", "client_id"),
    ("client_id a number", body(client_id=42), 422, "validation_failed", "client_id"),
    ("client_id too long", body(client_id="a" * 65), 422, "validation_failed", "client_id"),
    ("client_id with spaces", body(client_id="a b c d e f"), 422, "validation_failed",
     "client_id"),
    ("no schema", body(schema=DROP), 422, "validation_failed", "schema"),
    ("schema a string", body(schema="1"), 422, "validation_failed", "schema"),
    ("schema a bool", body(schema=True), 422, "validation_failed", "schema"),
    ("app_version too long", body(app_version="9" * 33), 422, "validation_failed",
     "app_version"),
    ("sent_at without offset", body(sent_at="2026-11-24T07:58:12"), 422, "validation_failed",
     "sent_at"),
    ("mutation without id", body(mutations=lambda p, g: [{**g, "id": None}]), 422,
     "validation_failed", "mutations[0].id"),
    ("mutation id not a uuid", body(mutations=lambda p, g: [{**g, "id": "1; drop table"}]),
     422, "validation_failed", "mutations[0].id"),
    ("unsupported schema", body(schema=2), 400, "unsupported_schema", None),
    ("another device's client id", body(client_id=str(uuid.uuid4())), 403, "wrong_client",
     None),
    ("batch of 501", body(mutations=lambda p, g: [
        p.mutation("check.record", g["args"]) for _ in range(501)]), 413, "batch_too_large",
     None),
    ("body over 4 MiB", raw('{"pad": "' + "x" * (4 * 1024 * 1024) + '"}'), 413, "too_large",
     None),
]


@pytest.mark.parametrize("make, status, code, field", [c[1:] for c in REFUSED],
                         ids=[c[0] for c in REFUSED])
def test_a_refused_push_answers_the_error_body_and_applies_nothing(app, stored, make,
                                                                   status, code, field):
    phone = stored.phone
    good = phone.mutation("check.record", check_args(stored.child))
    r = phone.client.post("/api/sync/push", headers=phone.headers, **make(phone, good))
    assert_error(r, status, code, field)
    stored.harmless()
    assert not log_rows(app, id=good["id"])


# -- one mutation is rejected, the others applied --------------------------------------

def args(**over):
    return lambda phone, child: {"args": {k: v for k, v in
                                          {**check_args(child), **over}.items()
                                          if v is not DROP}}


REJECTED = [
    ("no name", lambda p, c: {"name": DROP}, "unknown_mutation", None),
    ("name null", lambda p, c: {"name": None}, "unknown_mutation", None),
    ("unknown mutation", lambda p, c: {"name": "check.erase"}, "unknown_mutation", None),
    ("name a list", lambda p, c: {"name": ["check.record"]}, "unknown_mutation", None),
    ("name an object", lambda p, c: {"name": {"check": "record"}}, "unknown_mutation", None),
    ("name very long", lambda p, c: {"name": "check." + "x" * 5000}, "unknown_mutation", None),
    ("hlc far ahead", lambda p, c: {"hlc": future_hlc(p)}, "clock_skew", None),
    ("device_time far ahead", lambda p, c: {"device_time": later(hours=2)}, "clock_skew", None),
    ("no hlc", lambda p, c: {"hlc": DROP}, "invalid_clock", None),
    ("hlc null", lambda p, c: {"hlc": None}, "invalid_clock", None),
    ("hlc malformed", lambda p, c: {"hlc": "yesterday"}, "invalid_clock", None),
    ("hlc short ms", lambda p, c: {"hlc": "1764057492345:00000:abc"}, "invalid_clock", None),
    ("hlc a number", lambda p, c: {"hlc": 1764057492345}, "invalid_clock", None),
    ("hlc very long", lambda p, c: {"hlc": p.hlc() + "x" * 5000}, "invalid_clock", None),
    ("device_time without offset", lambda p, c: {"device_time": "2026-11-24T07:58:12"},
     "invalid_clock", None),
    ("no device_time", lambda p, c: {"device_time": DROP}, "invalid_clock", None),
    ("device_time null", lambda p, c: {"device_time": None}, "invalid_clock", None),
    ("device_time garbage", lambda p, c: {"device_time": "tuesday"}, "invalid_clock", None),
    ("device_time a number", lambda p, c: {"device_time": 1764057492}, "invalid_clock", None),
    # Year 1 at +14:00 is before year 1 in UTC: kept as UTC, it failed the whole push (500).
    ("device_time in year 1", lambda p, c: {"device_time": "0001-01-01T00:00:00+14:00"},
     "invalid_clock", None),
    ("device_time before 1970", lambda p, c: {"device_time": "1969-12-31T23:59:59+00:00"},
     "invalid_clock", None),
    ("no args", lambda p, c: {"args": DROP}, "validation_failed", None),
    ("args null", lambda p, c: {"args": None}, "validation_failed", None),
    ("args a list", lambda p, c: {"args": [c]}, "validation_failed", None),
    ("args a string", lambda p, c: {"args": "child"}, "validation_failed", None),
    ("no child_id", args(child_id=DROP), "validation_failed", "child_id"),
    ("child_id not a uuid", args(child_id="abc"), "validation_failed", "child_id"),
    ("unknown child", args(child_id=str(uuid.uuid4())), "not_found", None),
    ("no date", args(date=DROP), "validation_failed", "date"),
    ("impossible date", args(date="2026-02-30"), "validation_failed", "date"),
    # Ill on the first or last day of the calendar: the outbreak rule's window of days
    # around it ran off the calendar, and the whole push answered 500.
    ("a day in year 1", args(date="0001-01-01", status="abnormal", symptoms=["fever"]),
     "validation_failed", "date"),
    ("a day in year 9999", args(date="9999-12-31", status="absent", absence_reason="ill"),
     "validation_failed", "date"),
    ("a day before 2000", args(date="1999-12-31"), "validation_failed", "date"),
    ("session evening", args(session="evening"), "validation_failed", "session"),
    ("status a number", args(status=1), "validation_failed", "status"),
    ("status unknown", args(status="fine"), "validation_failed", "status"),
    ("temperature too high", args(temperature=99.0), "validation_failed", "temperature"),
    ("temperature too low", args(temperature=12.0), "validation_failed", "temperature"),
    ("temperature a word", args(temperature="hot"), "validation_failed", "temperature"),
    ("temperature not in 0.1 steps", args(temperature=36.55), "validation_failed",
     "temperature"),
    ("symptoms a string", args(status="abnormal", symptoms="fever"), "validation_failed",
     "symptoms"),
    ("symptom unknown", args(status="abnormal", symptoms=["zombie"]), "validation_failed",
     "symptoms"),
    ("symptoms on a normal check", args(symptoms=["fever"]), "validation_failed", "symptoms"),
    ("too many symptoms", args(status="abnormal", symptoms=["fever"] * 12),
     "validation_failed", "symptoms"),
    ("action unknown", args(action="ignore"), "validation_failed", "action"),
    ("note too long", args(note="很" * 501), "validation_failed", "note"),
]


@pytest.mark.parametrize("change, code, field", [c[1:] for c in REJECTED],
                         ids=[c[0] for c in REJECTED])
def test_a_bad_mutation_is_rejected_alone_logged_and_harms_nothing(app, stored, change,
                                                                   code, field):
    phone = stored.phone
    bad = {k: v for k, v in {**phone.mutation("check.record", check_args(stored.child)),
                             **change(phone, stored.child)}.items() if v is not DROP}
    [result] = phone.results([bad])
    assert (result["status"], result["code"]) == ("rejected", code)
    if field:
        assert field in result["message"]
    stored.harmless()
    [logged] = log_rows(app, id=bad["id"])
    assert (logged["status"], logged["code"], logged["message"]) == (
        "rejected", code, result["message"])


# Text no database can store: a lone UTF-16 surrogate (JSON.stringify of a note cut
# mid-emoji sends "\ud83d") and, on PostgreSQL, NUL. Each must get its own answer.
UNSTORABLE = [
    ("lone surrogate in note", "note", "\\ud83d"),
    ("lone surrogate in name", "name", "\\udc00"),
    ("lone surrogate in hlc", "hlc", "\\ud800"),
    ("nul in note", "note", "\\u0000"),
    ("nul in name", "name", "\\u0000"),
    ("nul in hlc", "hlc", "\\u0000"),
    ("nul in device_time", "device_time", "\\u0000"),
]


@pytest.mark.parametrize("where, escape", [c[1:] for c in UNSTORABLE],
                         ids=[c[0] for c in UNSTORABLE])
def test_text_the_database_cannot_store_is_answered_per_mutation(stored, where, escape):
    phone = stored.phone
    m = phone.mutation("check.record", check_args(stored.child, note="n"))
    if where == "note":
        m["args"]["note"] = "n@@"
    else:
        m[where] += "@@"
    body = json.dumps({"client_id": phone.client_id, "schema": 1, "mutations": [m]})
    r = phone.client.post("/api/sync/push", headers=phone.headers, content_type=(
        "application/json"), data=body.replace("@@", escape))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["results"][0]["status"] == ("applied" if where == "note" else "rejected")


# A time a mutation takes (a dose given, a parent's confirmation, a round's or a drill's
# start) in year 1 at +14:00 is before year 1 in UTC: kept, it failed the whole push
# (500), or, given to a medicine record, every later printout of its class and month.
TIMES = [("medicine.give", {"medicine_id": str(uuid.uuid4())}, ("at",)),
         ("pickup.record", {"date": today(), "adult_name": "张三", "relation": "舅舅",
                            "confirmation": {"by": "妈妈", "how": "phone_call"}},
          ("confirmation", "at")),
         ("disinfection.record", {"room_id": str(uuid.uuid4()), "date": today(),
                                  "item": "surfaces_toys", "round": 1, "method": "uv"}, ("started_at",)),
         ("drill.record", {"id": str(uuid.uuid4()), "kind": "fire", "date": today(),
                           "ended_at": "2026-11-24T09:10:00+08:00", "evacuate_seconds": 90,
                           "children": 70, "staff": 9}, ("started_at",))]


@pytest.mark.parametrize("name, base, path", TIMES, ids=[t[0] for t in TIMES])
@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-14:00",
                                  "1999-12-31T23:59:59+00:00"])
def test_a_time_off_the_school_years_is_rejected_alone(stored, name, base, path, when):
    phone = Phone(stored.phone.client, "demo", "admin")  # she may send each of them
    args = json.loads(json.dumps({**base, "child_id": stored.child}))
    inner = args
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = when
    [result] = phone.results([phone.mutation(name, args)])
    assert (result["status"], result["code"]) == ("rejected", "validation_failed"), result
    assert path[-1] in result["message"]
    stored.harmless()


def test_an_args_field_the_server_does_not_know_is_ignored(stored):
    phone = stored.phone
    m = phone.mutation("check.record", check_args(stored.child, date=today(-4), mood="happy"))
    assert phone.results([m])[0]["status"] == "applied"


def test_a_rejected_mutation_between_good_ones_leaves_them_applied(stored):
    phone = stored.phone
    good = phone.mutation("check.record", check_args(stored.child, date=today(-1)))
    bad = phone.mutation("check.record", check_args(stored.child, temperature=99.0))
    also = phone.mutation("check.record", check_args(stored.child, date=today(-2)))
    statuses = [r["status"] for r in phone.results([good, bad, also])]
    assert statuses == ["applied", "rejected", "applied"]


def test_a_device_clock_a_little_ahead_is_accepted_and_flagged(stored):
    phone = stored.phone
    m = phone.mutation("check.record", check_args(stored.child, date=today(-3)),
                       device_time=later(minutes=30))
    assert phone.results([m])[0]["status"] == "applied"
    [check] = [c["data"] for c in phone.pull_all()[0]
               if c["entity"] == "health_check" and c["data"]["hlc"] == m["hlc"]]
    assert check["clock_skewed"] is True


# -- signing in, tokens, other routes --------------------------------------------------

def test_unknown_api_paths_and_methods_answer_json(client):
    assert_error(client.get("/api/no/such/thing"), 404, "not_found")
    assert_error(client.put("/api/sync/push"), 405, "method_not_allowed")
    assert_error(client.delete("/api/me"), 405, "method_not_allowed")
    assert_error(client.get("/api//me"), 404, "not_found")  # was a 308 with an HTML body
    assert_error(client.get("/api/sync//pull"), 404, "not_found")


BAD_TOKENS = [
    ("no header", {}, "unauthorized"),
    ("empty bearer", {"Authorization": "Bearer "}, "unauthorized"),
    ("basic auth", {"Authorization": "Basic YWRtaW46c2FuZ3Vhbi1kZW1v"}, "unauthorized"),
    ("unknown token", {"Authorization": "Bearer " + "x" * 43}, "unauthorized"),
    ("very long token", {"Authorization": "Bearer " + "x" * 5000}, "unauthorized"),
]


@pytest.mark.parametrize("headers, code", [c[1:] for c in BAD_TOKENS],
                         ids=[c[0] for c in BAD_TOKENS])
@pytest.mark.parametrize("method, path", [("post", "/api/sync/push"),
                                          ("get", "/api/sync/pull"), ("get", "/api/me"),
                                          ("post", "/api/sync/discard")])
def test_a_call_without_a_valid_token_answers_401(app, stored, headers, code, method, path):
    phone = stored.phone
    good = phone.mutation("check.record", check_args(stored.child))
    r = getattr(phone.client, method)(path, headers=headers, json={
        "client_id": phone.client_id, "schema": 1, "mutations": [good]})
    assert_error(r, 401, code)
    stored.harmless()
    assert not log_rows(app, id=good["id"])


def test_a_push_with_a_revoked_token_answers_401_and_applies_nothing(app, stored, login_as):
    phone = login_as("health")
    good = phone.mutation("check.record", check_args(stored.child))
    assert phone.client.post("/api/auth/logout", headers=phone.headers).status_code == 200
    assert_error(phone.push([good]), 401, "token_revoked")
    stored.harmless()


PULL_QUERIES = [("cursor=-1", "cursor"), ("cursor=abc", "cursor"), ("cursor=1e9999", "cursor"),
                ("limit=0", "limit"), ("limit=5001", "limit"), ("limit=ten", "limit")]


@pytest.mark.parametrize("query, field", PULL_QUERIES)
def test_a_bad_pull_query_answers_422_with_the_field(stored, query, field):
    r = stored.phone.client.get(f"/api/sync/pull?{query}", headers=stored.phone.headers)
    assert_error(r, 422, "validation_failed", field)


LOGINS = [
    ({"username": DROP}, "username"), ({"password": DROP}, "password"),
    ({"site": ""}, "site"), ({"device_id": "no"}, "device_id"),
    ({"device_id": "../../etc/passwd"}, "device_id"), ({"username": "u" * 65}, "username"),
    ({"password": 12345678}, "password"),
]


@pytest.mark.parametrize("change, field", LOGINS)
def test_a_malformed_sign_in_answers_422_with_the_field(client, demo, change, field):
    data = {"site": "demo", "username": "admin", "password": "sanguan-demo",
            "device_id": str(uuid.uuid4()), **change}
    r = client.post("/api/auth/login", json={k: v for k, v in data.items() if v is not DROP})
    assert_error(r, 422, "validation_failed", field)


def _dated_gets(app) -> list[str]:
    """Every GET under /api/ that takes no path argument, and each list of records."""
    from server.reports.records import KINDS
    paths = sorted(r.rule for r in app.url_map.iter_rules()
                   if r.rule.startswith("/api/") and "GET" in r.methods and not r.arguments)
    return paths + [f"/api/reports/records/{k}" for k in sorted(KINDS)]


OFF_THE_CALENDAR = ["date=0001-01-01", "date=9999-12-31", "month=0001-01", "month=9999-12",
                    "from=0001-01-01&to=0001-01-02", "from=9999-12-30&to=9999-12-31",
                    "open_on=9999-12-31"]


@pytest.mark.parametrize("query", OFF_THE_CALENDAR)
def test_a_day_or_month_off_the_calendar_in_any_query_is_a_422_never_a_500(app, stored, query):
    """Reports, today's views and printouts did date arithmetic on whatever day was asked
    (a week around it, the month after it) and answered 500 at the calendar's ends."""
    for phone in (stored.phone, Phone(stored.phone.client, "demo", "admin")):
        for path in _dated_gets(app):
            r = phone.client.get(f"{path}?{query}", headers=phone.headers)
            assert r.status_code != 500, (path, query)
            if r.status_code == 422:
                assert_error(r, 422, "validation_failed")
