"""The reply to a push is lost after the server committed it: the phone keeps its
outbox, sends the same batch again, and gets `duplicate` for all of it."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from bench import morning
from bench.phone import Phone

from .conftest import SITES, applied_counts
from .proxy import DroppingProxy


@pytest.fixture
def proxy(served):
    p = DroppingProxy(served[0].port)
    yield p
    p.close()


def test_reply_dropped_after_commit_then_the_retry_answers_duplicate(served, proxy):
    _, url = served
    phone = Phone(proxy.url, SITES[4], "teacher2")
    phone.login()
    phone.pull_all()
    morning.fill_outboxes([phone], 20, dt.date.today() - dt.timedelta(days=20))
    ids = [m["id"] for m in phone.outbox]
    proxy.drop = 1
    counts = phone.push_outbox()
    assert phone.failures and len(proxy.dropped) == 1
    lost = json.loads(proxy.dropped[0].partition(b"\r\n\r\n")[2])
    assert {r["status"] for r in lost["results"]} == {"applied"}  # what the phone never saw
    assert counts == {"applied": 0, "duplicate": 20, "rejected": 0}
    assert set(applied_counts(url, ids).values()) == {1}
    assert phone.outbox == []
