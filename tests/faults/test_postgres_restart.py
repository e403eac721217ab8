"""PostgreSQL restarted (killed, then started again) in the middle of a load run, on a
cluster the test makes for itself: the phones get errors, back off, retry, and every
mutation ends up applied exactly once."""
from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

from bench import morning

from .conftest import CHEAP_HASH, applied_counts, need_postgres, throwaway_cluster, wait_for


def test_postgres_restarted_during_a_load_run_loses_and_doubles_nothing():
    need_postgres()  # the same client tools; the server under test is the test's own
    with throwaway_cluster() as pg, morning.throwaway_database(pg.admin_url) as url, \
            morning.school_server(url, sites=1, workers=2, env=CHEAP_HASH) as server:
        phones = morning.sign_in(server.url, morning.slugs(1), 6, deadline=90)
        sent = morning.fill_outboxes(phones, 50, dt.date.today())
        ids = [m["id"] for p in phones for m in p.outbox]
        answered = threading.Semaphore(0)

        def sync(p):  # the night's outbox in batches of 10, each answered one by one
            while p.outbox:
                pending, p.outbox = p.outbox[10:], p.outbox[:10]
                p.push_outbox()
                p.outbox = pending
                answered.release()
            p.pull_all()
        with ThreadPoolExecutor(len(phones)) as pool:
            runs = [pool.submit(sync, p) for p in phones]
            wait_for(lambda: answered.acquire(blocking=False), "a first answered push")
            pg.stop("immediate")  # as a crash: no checkpoint, recovery from the WAL
            assert requests.get(server.url + "/readyz", timeout=10).status_code == 503
            pg.start()
            for r in runs:
                r.result(timeout=120)
        assert any(p.failures for p in phones), "no phone noticed the restart"
        assert set(applied_counts(url, ids).values()) == {1}
        totals = morning.verify(url, morning.Morning(phones, sent))
        assert totals["applied once"] == totals["checks stored"] == 300
