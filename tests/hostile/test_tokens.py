"""Device tokens: only their sha256 is stored, a lookup goes by that digest (so the
time it takes does not depend on how much of a guess matches a stored value) and the
last comparison is hmac.compare_digest. A token one character off is refused."""
from __future__ import annotations

import hashlib
import inspect

from sqlalchemy import select

from server import auth
from server.extensions import db
from server.models import Token


def test_only_the_digest_of_a_token_is_stored(app, login_as):
    phone = login_as("teacher1")
    with app.app_context():
        stored = db.session.execute(select(Token.token_hash)).scalars().all()
    assert hashlib.sha256(phone.token.encode()).hexdigest() in stored
    assert phone.token not in stored


def test_a_token_one_character_off_is_refused(client, login_as):
    phone = login_as("teacher1")
    last = phone.token[-1]
    forged = phone.token[:-1] + ("A" if last != "A" else "B")
    r = client.get("/api/me", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401
    assert client.get("/api/me", headers=phone.headers).status_code == 200


def test_tokens_are_compared_by_digest_in_constant_time():
    source = inspect.getsource(auth.current_token)
    assert "token_digest(token)" in source and "hmac.compare_digest" in source
