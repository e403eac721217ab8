"""Schemathesis against /api/openapi.json: whatever it sends, signed in as the health
teacher or as the admin, the server never answers 5xx, and every answer matches what the
document says (status, content type, body schema). Bounded: a few dozen examples per
operation, derandomized, on a SQLite file."""
from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from server import create_app
from server.config import TestConfig
from server.demo import DEMO_PASSWORD, load_demo
from server.extensions import db
from sync.models import Base

EXAMPLES = 15
FOLDER = Path(tempfile.mkdtemp(prefix="sanguan-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, True)  # also when the module is collected, not run


class FuzzConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{FOLDER / 'fuzz.db'}"


# schemathesis reads the document from the app when the module is collected.
app = create_app(FuzzConfig)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.fixture(scope="module")
def school():
    with app.app_context():
        Base.metadata.create_all(db.engine)
        load_demo(db.session, children_per_class=3)
        db.session.commit()
    yield
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(FOLDER, ignore_errors=True)


# The health teacher reads every role's views; the admin also writes the school's setup.
@pytest.fixture(scope="module", params=["health", "admin"])
def signed_in(request, school):
    r = app.test_client().post("/api/auth/login", json={
        "site": "demo", "username": request.param, "password": DEMO_PASSWORD,
        "device_id": str(uuid.uuid4())})
    # Answers as they are: the test client would not undo the compression schemathesis
    # asks for (tests/api/test_compression.py checks that on its own).
    return request.param, {"Authorization": f"Bearer {r.get_json()['token']}",
                           "Accept-Encoding": "identity"}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_answer_is_a_server_error_or_off_the_document(case, signed_in):
    role, headers = signed_in
    # Left out, and why:
    # - negative_data_rejection: every request is signed in, and PROTOCOL.md has a peer
    #   ignore fields it does not know, so a "negative" case whose only fault is a
    #   missing token or an extra field is rightly answered 200.
    # - for the admin, positive_data_acceptance: her writes are checked against the
    #   school as it is, beyond what a schema can say (a class_id must name one of its
    #   classes, a roster file must be a roster, a checklist's keys must differ), so a
    #   body the document allows is rightly answered 422.
    # Every answer is still checked for 5xx, status, content type, headers and body
    # against the document; an undeclared method must answer 405 with Allow, and OPTIONS
    # must list exactly the documented methods.
    excluded = [schemathesis.checks.negative_data_rejection]
    if role == "admin":
        excluded.append(schemathesis.checks.positive_data_acceptance)
    case.call_and_validate(headers=headers, excluded_checks=excluded)
