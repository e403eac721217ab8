"""The same batch pushed twice at once, the two pushes held in two gunicorn workers and
released together: each mutation is applied once. The per-site lock orders them, and
the database's unique index on applied mutations would refuse a second application even
if a code path forgot the lock."""
from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.exc import IntegrityError

from bench import morning
from bench.client import Client
from sync.engine import utcnow
from sync.models import MutationLog

from .conftest import SITES, applied_counts, connect, lock_waiters, site_id, wait_for


def test_same_batch_racing_on_two_workers_is_applied_once(served):
    server, url = served
    slug = SITES[3]
    phone, = morning.sign_in(server.url, [slug], 1)
    morning.fill_outboxes([phone], 50, dt.date.today())
    batch, ids = list(phone.outbox), [m["id"] for m in phone.outbox]
    twins = []
    for _ in range(2):  # two connections of the same signed-in device
        c = Client(server.url, slug, phone.username, device_id=phone.device_id)
        c.token = phone.token
        twins.append(c)
    start = threading.Barrier(2)

    def push(c):
        start.wait()
        return c.push(batch)
    with connect(url) as blocker, ThreadPoolExecutor(2) as pool:
        blocker.execute("UPDATE site_seq SET last = last WHERE site_id = %s",
                        (site_id(url, slug),))  # the site's writer lock, held
        answers = [pool.submit(push, c) for c in twins]
        # Two sync workers each hold one push, both waiting for the same lock.
        wait_for(lambda: lock_waiters(url) >= 2, "both pushes to wait for the site lock")
        blocker.rollback()
        results = [a.result(timeout=60) for a in answers]
    kinds = sorted(tuple({r["status"] for r in rs}) for rs in results)
    assert kinds == [("applied",), ("duplicate",)]
    assert set(applied_counts(url, ids).values()) == {1}


def test_the_database_refuses_a_second_applied_row_for_one_mutation(session):
    def row(status):
        return MutationLog(site_id="s1", id="m1",
                           client_id="c1", user_id="u1", name="check.record",
                           received_at=utcnow(), status=status)
    session.add_all([row("applied"), row("rejected"), row("rejected")])
    session.commit()  # a rejected try beside the applied one is fine: the log keeps both
    session.add(row("applied"))
    with pytest.raises(IntegrityError):
        session.commit()
