"""A gunicorn worker killed with SIGKILL in the middle of a push: the transaction dies
with it, the phone retries, and each mutation is applied once."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from bench import morning
from bench.phone import Phone

from .conftest import (SITES, applied_counts, connect, kill_workers, lock_waiters, site_id,
                       stored_checks, wait_for, workers_of)


def test_worker_killed_after_writing_but_before_commit_then_retry_applies_each_once(served):
    server, url = served
    slug = SITES[2]
    phone, = morning.sign_in(server.url, [slug], 1)
    morning.fill_outboxes([phone], 50, dt.date.today())
    ids = [m["id"] for m in phone.outbox]
    with connect(url) as blocker, ThreadPoolExecutor(1) as pool:
        # Hold the device's row: the push writes its checks, log and changes, then waits
        # for this row to update it, just before its commit. There the worker dies.
        blocker.execute("SELECT 1 FROM clients WHERE site_id = %s AND id = %s FOR UPDATE",
                        (site_id(url, slug), phone.device_id))
        pushed = pool.submit(phone.push_outbox)
        wait_for(lambda: lock_waiters(url) >= 1, "the push to wait for the device's row")
        killed = kill_workers(server.proc.pid)
        blocker.rollback()
        counts = pushed.result(timeout=90)
    assert killed and set(killed).isdisjoint(workers_of(server.proc.pid))
    assert phone.failures, "the killed push should have failed once at least"
    assert counts == {"applied": 50, "duplicate": 0, "rejected": 0}
    assert set(applied_counts(url, ids).values()) == {1}
    assert stored_checks(url, slug) == 50


def test_the_server_answers_again_after_its_workers_are_killed(served):
    server, _ = served
    kill_workers(server.proc.pid)
    phone = Phone(server.url, SITES[2], "health", deadline=30)
    phone.login()  # retried until a new worker answers
    assert phone.pull_all() > 0
