"""Every mutation, pushed with arguments its schema allows (mostly: some spoiled), its ids
often those of the school's real records so the handler gets past "not found": the push
answers 200 with a result for each, never a server error that would jam the phone's
outbox (PROTOCOL.md, "Push"). Bounded and derandomized, on both databases."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from server.demo import load_demo
from server.extensions import db
from server.mutations import registry
from tests.conftest import Phone
from tests.sync.test_fast_validation import record

EXAMPLES = 12
PHONE_OF = {"admin": "admin", "health": "health", "caregiver": "teacher1", "guard": "guard"}
# An argument → the entity of the feed whose ids it takes.
REFERS = {"child_id": "child", "class_id": "class", "room_id": "room", "zone_id": "zone",
          "user_id": "user", "assignee_id": "user", "host_id": "user",
          "equipment_id": "equipment", "route_id": "patrol_route", "adult_id": "pickup_adult",
          "template_id": "routine_template", "letter_id": "safety_letter", "drill_id": "drill"}


@pytest.fixture(scope="module")
def school(module_app):
    with module_app.app_context():
        load_demo(db.session, children_per_class=4)
        db.session.commit()
    client = module_app.test_client()
    phones = {role: Phone(client, "demo", user) for role, user in PHONE_OF.items()}
    ids: dict[str, list[str]] = {}
    for change in phones["admin"].pull_all()[0]:
        ids.setdefault(change["entity"], []).append(change["id"])
    return phones, ids


def with_real_ids(value, ids: dict, rnd: random.Random):
    """The drawn arguments, most of their references swapped for real ids."""
    if isinstance(value, dict):
        return {k: (rnd.choice(ids[REFERS[k]])
                    if REFERS.get(k) in ids and rnd.random() < 0.75
                    else with_real_ids(v, ids, rnd)) for k, v in value.items()}
    if isinstance(value, list):
        return [with_real_ids(v, ids, rnd) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2 ** 53:
        return 7  # beyond what a phone's JSON numbers hold
    return value


@pytest.mark.parametrize("name", [h.name for h in registry])
def test_every_mutation_gets_a_result_never_a_server_error(school, name):
    phones, ids = school
    handler = registry.get(name)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def push(data):
        phone = phones[data.draw(st.sampled_from(sorted(handler.roles)))]
        rnd = random.Random(data.draw(st.integers(0, 2 ** 32)))
        batch = [phone.mutation(name, with_real_ids(data.draw(record(handler.schema)), ids, rnd))
                 for _ in range(data.draw(st.integers(1, 3)))]
        r = phone.push(batch)
        assert r.status_code == 200, (batch, r.get_json())
        results = r.get_json()["results"]
        assert [x["id"] for x in results] == [m["id"] for m in batch]
        assert {x["status"] for x in results} <= {"applied", "duplicate", "rejected"}
    push()
