"""Signing in (PROTOCOL.md "Signing in"): tokens per user and device, stored hashed,
revocable; wrong passwords answered alike; guessing slowed down."""
import uuid

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Token, User
from tests.conftest import stored_rows


def login(client, username="teacher1", password="sanguan-demo", site="demo", device=None):
    return client.post("/api/auth/login", json={
        "site": site, "username": username, "password": password,
        "device_id": device or str(uuid.uuid4())})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_sign_in_answers_a_token_and_who_it_is(client, demo):
    r = login(client)
    assert r.status_code == 200
    body = r.get_json()
    assert body["token"] and body["user"]["username"] == "teacher1"
    assert (body["user"]["role"], body["user"]["site"]) == ("caregiver", "demo")
    assert len(body["user"]["class_ids"]) == 1
    me = client.get("/api/me", headers=bearer(body["token"]))
    assert me.status_code == 200 and me.get_json() == body["user"]


def test_sign_out_revokes_that_device_only(client, demo):
    phone, tablet = login(client).get_json()["token"], login(client).get_json()["token"]
    assert client.post("/api/auth/logout", headers=bearer(phone)).status_code == 200
    r = client.get("/api/me", headers=bearer(phone))
    assert (r.status_code, r.get_json()["error"]["code"]) == (401, "token_revoked")
    assert client.get("/api/me", headers=bearer(tablet)).status_code == 200


@pytest.mark.parametrize("site, username, password", [
    ("demo", "teacher1", "sanguan-demO"), ("demo", "nobody", "sanguan-demo"),
    ("nowhere", "teacher1", "sanguan-demo"), ("other", "teacher1", "wrong")])
def test_a_wrong_site_name_or_password_answers_401_bad_credentials_alike(
        client, demo, site, username, password):
    r = login(client, username, password, site)
    assert r.status_code == 401
    assert r.get_json() == {"error": {"code": "bad_credentials",
                                      "message": "wrong site, user name or password"}}


def test_repeated_failures_on_one_account_answer_429_with_retry_after(app, client, demo):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, password="guess").status_code == 401
    r = login(client)  # even the right password waits now
    assert (r.status_code, r.get_json()["error"]["code"]) == (429, "too_many_attempts")
    assert int(r.headers["Retry-After"]) > 0
    assert login(client, username="teacher2").status_code == 200  # another account is fine


def test_repeated_failures_from_one_address_answer_429(app, client, demo):
    for i in range(app.config["LOGIN_MAX_FAILURES_ADDRESS"]):
        assert login(client, username=f"guess{i}").status_code == 401
    r = login(client, username="admin")
    assert r.status_code == 429 and r.headers["Retry-After"]


def test_the_database_never_holds_a_token_or_a_password(app, client, demo):
    token = login(client).get_json()["token"]
    everything = repr(stored_rows(app))
    with app.app_context():
        hashes = db.session.execute(select(Token.token_hash, User.password_hash).join(
            User, User.id == Token.user_id)).all()
    assert token not in everything and token not in repr(hashes)
    assert "sanguan-demo" not in everything and "sanguan-demo" not in repr(hashes)
    assert all(len(t) == 64 and p.startswith(("pbkdf2:", "scrypt:")) for t, p in hashes)


def test_a_deactivated_users_token_stops_working(app, client, demo):
    token = login(client).get_json()["token"]
    admin = login(client, "admin").get_json()
    r = client.patch(f"/api/admin/staff/{login(client).get_json()['user']['id']}",
                     json={"active": False}, headers=bearer(admin["token"]))
    assert r.status_code == 200, r.get_json()
    assert client.get("/api/me", headers=bearer(token)).status_code == 401
    assert login(client).status_code == 401


def change(client, token, current, new):
    return client.post("/api/auth/password", headers=bearer(token),
                       json={"current": current, "new": new})


def test_a_person_changes_her_own_password_and_her_sign_ins_stay(client, demo):
    token = login(client).get_json()["token"]
    r = change(client, token, "sanguan-demo", "my-own-secret-7")
    assert r.status_code == 200
    assert login(client).status_code == 401
    assert login(client, password="my-own-secret-7").status_code == 200
    assert client.get("/api/me", headers=bearer(token)).status_code == 200
    admin = login(client, "admin").get_json()["token"]
    audit = client.get("/api/admin/audit?entity=user", headers=bearer(admin)).get_json()["audit"]
    assert [a["action"] for a in audit][:1] == ["change_password"]


@pytest.mark.parametrize("current, new, status, field", [
    ("wrong-one", "my-own-secret-7", 403, "current"),   # not the present one
    ("sanguan-demo", "short", 422, "new"),              # at least 8
    ("sanguan-demo", "sanguan-demo", 422, "new"),       # the same again
])
def test_a_password_change_that_cannot_be_is_refused_and_changes_nothing(
        client, demo, current, new, status, field):
    token = login(client).get_json()["token"]
    r = change(client, token, current, new)
    assert r.status_code == status and field in r.get_json()["error"]["fields"]
    assert login(client).status_code == 200


def test_guessing_the_present_password_meets_the_sign_in_limit(app, client, demo):
    token = login(client).get_json()["token"]
    codes = [change(client, token, f"guess-{i}", "my-own-secret-7").status_code for i in range(12)]
    assert codes[0] == 403 and codes[-1] == 429
