"""A phone whose local store was wiped signs in again on the same device: it pulls
everything from 0, and the server notes on the device's row that it started over."""
from __future__ import annotations

from sqlalchemy import select

from server.extensions import db
from sync.models import Client

from ..conftest import check_args


def device_row(app, client_id: str) -> Client:
    with app.app_context():
        return db.session.execute(select(Client).where(Client.id == client_id)).scalar_one()


def sign_in_again(client, phone) -> None:
    r = client.post("/api/auth/login", json={"site": "demo", "username": phone.user["username"],
                                             "password": "sanguan-demo",
                                             "device_id": phone.client_id})
    assert r.status_code == 200
    phone.token = r.get_json()["token"]


def test_wiped_phone_gets_a_full_pull_and_the_server_counts_the_restart(app, client, login_as):
    phone = login_as("teacher1")
    before, cursor = phone.pull_all()
    kid = next(c["data"] for c in before if c["entity"] == "child"
               and c["data"]["class_id"] == phone.user["class_ids"][0])
    assert phone.results([phone.mutation("check.record", check_args(kid["id"]))])[0][
        "status"] == "applied"
    more, cursor = phone.pull_all(cursor)
    before += more
    assert cursor > 0 and device_row(app, phone.client_id).restarts == 0

    sign_in_again(client, phone)  # the app's data was cleared: no cursor, no records
    after, again = phone.pull_all(0)
    assert again == cursor
    assert {(c["entity"], c["id"]) for c in after} == {(c["entity"], c["id"]) for c in before}
    assert any(c["entity"] == "health_check" for c in after)
    row = device_row(app, phone.client_id)
    assert row.restarts == 1 and row.last_restart_at is not None


def test_a_first_sync_and_a_pull_after_a_reset_are_not_restarts(app, login_as):
    phone = login_as("teacher2")
    _, cursor = phone.pull_all()  # first sync from 0: nothing to notice
    assert phone.pull(cursor + 1000).get_json()["reset"] is True
    phone.pull_all(0)  # the server asked for it
    assert device_row(app, phone.client_id).restarts == 0
