"""Guessing passwords is slowed per account and per address: past the limit a sign-in is
refused with 429 and Retry-After, even with the right password, and other accounts and
addresses are not affected."""
from __future__ import annotations

import pytest

from server.demo import DEMO_PASSWORD


def sign_in(client, username, password, address="203.0.113.7", site="demo"):
    return client.post("/api/auth/login", json={
        "site": site, "username": username, "password": password, "device_id": "abcdefgh-1"},
        environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def limits(app, demo):
    return app.config["LOGIN_MAX_FAILURES"], app.config["LOGIN_MAX_FAILURES_ADDRESS"]


def test_too_many_failures_on_one_account_answer_429_even_with_the_right_password(client, limits):
    for _ in range(limits[0]):
        assert sign_in(client, "teacher1", "wrong").status_code == 401
    r = sign_in(client, "teacher1", DEMO_PASSWORD)
    assert r.status_code == 429 and r.get_json()["error"]["code"] == "too_many_attempts"
    assert int(r.headers["Retry-After"]) > 0


def test_an_account_throttled_does_not_lock_out_another(client, limits):
    for _ in range(limits[0]):
        sign_in(client, "teacher1", "wrong")
    assert sign_in(client, "teacher2", DEMO_PASSWORD).status_code == 200


def test_a_good_sign_in_clears_the_account_count(client, limits):
    for _ in range(limits[0] - 1):
        sign_in(client, "teacher1", "wrong")
    assert sign_in(client, "teacher1", DEMO_PASSWORD).status_code == 200
    assert sign_in(client, "teacher1", "wrong").status_code == 401


def test_too_many_failures_from_one_address_answer_429_for_every_account(client, limits):
    # Spread over many names (no account reaches its own limit) from one address.
    for i in range(limits[1]):
        assert sign_in(client, f"guess{i}", "wrong").status_code == 401
    r = sign_in(client, "health", DEMO_PASSWORD)
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert sign_in(client, "health", DEMO_PASSWORD, address="198.51.100.2").status_code == 200
