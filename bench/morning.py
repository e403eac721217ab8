"""A school morning (issue 10): at 7:45 every caregiver's phone syncs at once.

200 phones across 10 schools each push a night's outbox (50 morning and noon checks of
their class) and pull what the others recorded, against gunicorn with several workers
on PostgreSQL; all of them start within SPREAD seconds (below: why), or, with
`--spread 0`, in the same instant. Printed: push and pull latency (p50/p95/p99), mutations per second and
errors. Then the database is read directly: every mutation applied exactly once, every
check stored as sent, and every school's change numbers without a gap; and every phone's
own view holds exactly its class's checks, none of another class or school.

`python -m bench.morning` runs it alone; `make bench` runs it with the rest. The tests
run a short morning (tests/faults/test_morning.py) and check the exact counts.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import psycopg
from sqlalchemy.engine import make_url

from .phone import Phone
from .report import figure
from .server import PG_ADMIN, Server, postgres_cpu_seconds, postgres_reachable

SITES, PHONES_PER_SITE, OUTBOX = 10, 20, 50
# As the Procfile and `make run` serve on 2 cores: 2 gthread workers of 4 threads (README).
WORKERS, THREADS = 2, 4
# Seconds over which the phones' first syncs of the morning begin, each phone at its own
# moment. A phone syncs when its person opens the app, when its Wi-Fi comes back
# (`online`), and on a one-minute tick of its own while open (pwa/sync.js); none waits
# in step with another. Staff arrive and open the app over a quarter of an hour, so ten
# seconds for every phone of ten schools is a hard morning, not an average one.
# 0 sends all of them in the same instant (`python -m bench.morning --spread 0`).
SPREAD = 10.0
CHILDREN_PER_CLASS = 25
CHINA = dt.timezone(dt.timedelta(hours=8))
TEACHERS = ("teacher1", "teacher2", "teacher3")   # the demo school's three caregivers
_names = itertools.count()


def slugs(sites: int) -> list[str]:
    return [f"morning-{i + 1:02d}" for i in range(sites)]


def libpq(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False)


@contextmanager
def throwaway_database(admin_url: str = PG_ADMIN) -> Iterator[str]:
    """A new, empty PostgreSQL database (its SQLAlchemy URL), dropped afterwards."""
    name = f"sanguan_morning_{os.getpid()}_{next(_names)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = make_url(admin_url).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def school_server(database_url: str, sites: int = SITES, workers: int = WORKERS,
                  children: int = CHILDREN_PER_CLASS, env: dict | None = None,
                  threads: int = THREADS) -> Iterator[Server]:
    """gunicorn on 127.0.0.1 serving `sites` demo schools from a migrated database."""
    workdir = Path(tempfile.mkdtemp(prefix="sanguan-morning-"))
    server = Server(database_url, workdir, workers, env or {}, threads)
    try:
        server.flask("db", "upgrade")
        server.flask("demo", "--children", str(children),
                     *itertools.chain.from_iterable(("--slug", s) for s in slugs(sites)))
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


# -- the phones -----------------------------------------------------------------------------

@dataclass
class Morning:
    phones: list[Phone]
    sent: dict[str, list[dict]] = field(default_factory=dict)   # site slug → mutations
    seconds: float = 0.0
    cpu_seconds: float | None = None   # the gunicorn workers' CPU time during the rush
    client_cpu_seconds: float = 0.0    # this process's (the phones') CPU time in the rush
    postgres_cpu_seconds: float | None = None


def sign_in(url: str, sites: list[str], phones_per_site: int, threads: int = 16,
            deadline: float = 60) -> list[Phone]:
    """Phones of the schools' caregivers, signed in and synced to last night's cursor."""
    phones = [Phone(url, site, TEACHERS[i % len(TEACHERS)], deadline=deadline)
              for site in sites for i in range(phones_per_site)]

    def ready(p: Phone):
        p.login()
        p.pull_all()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(ready, phones))
    return phones


def fill_outboxes(phones: list[Phone], per_phone: int, today: dt.date) -> dict[str, list[dict]]:
    """Each phone records `per_phone` checks of its class that no other phone records:
    its share of (day, child, session), one day further back for each phone of a class."""
    sent: dict[str, list[dict]] = {}
    share: dict[tuple[str, str], int] = {}
    for p in phones:
        class_id = p.user["class_ids"][0]
        kids = sorted(c["data"]["id"] for c in p.seen.values()
                      if c["entity"] == "child" and c["data"]["class_id"] == class_id)
        k = share.get((p.site, class_id), 0)
        share[(p.site, class_id)] = k + 1
        triples = ((today - dt.timedelta(days=d), kid, s)
                   for d in itertools.count() for kid in kids for s in ("morning", "noon"))
        for day, kid, session in itertools.islice(triples, k * per_phone, (k + 1) * per_phone):
            m = p.record("check.record", {"child_id": kid, "date": day.isoformat(),
                                          "session": session, "status": "normal",
                                          "temperature": 36.5})
            sent.setdefault(p.site, []).append({**m, "class_id": class_id})
    return sent


def rush(phones: list[Phone], spread: float = 0.0) -> float:
    """Every phone pushes its outbox and pulls, each starting at its own moment within
    `spread` seconds of the start (0: all at the same instant)."""
    start = threading.Barrier(len(phones) + 1)
    errors: list[BaseException] = []
    rng = random.Random(len(phones))
    offsets = [rng.uniform(0, spread) for _ in phones]

    def sync(p: Phone, offset: float):
        start.wait()
        time.sleep(offset)  # this phone's moment: its person, its Wi-Fi, its tick
        try:
            counts = p.push_outbox()
            assert counts["rejected"] == 0, f"{p.device_id}: {p.rejected[:1]}"
            p.pull_all()
        except BaseException as e:  # noqa: BLE001 - reported after the rush
            errors.append(e)
    threads = [threading.Thread(target=sync, args=(p, o), daemon=True)
               for p, o in zip(phones, offsets)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join(timeout=300)
    took = time.perf_counter() - began
    if errors:
        raise errors[0]
    return took


def morning(url: str, sites: list[str], phones_per_site: int, per_phone: int,
            deadline: float = 60, cpu=None, spread: float = 0.0) -> Morning:
    """Sign the phones in, fill their outboxes, then the rush; `cpu()` (optional) reads
    the server's CPU seconds, so that its own cost shows apart from the wall clock."""
    phones = sign_in(url, sites, phones_per_site, deadline=deadline)
    for p in phones:  # only what the rush itself costs is measured
        p.push_ms.clear(), p.pull_ms.clear()
        p.http.close()  # a night passed: no connection is left open from the evening
    sent = fill_outboxes(phones, per_phone, dt.datetime.now(CHINA).date())
    before, client, pg = cpu() if cpu else 0.0, time.process_time(), postgres_cpu_seconds()
    seconds = rush(phones, spread)
    return Morning(phones, sent, seconds, cpu() - before if cpu else None,
                   time.process_time() - client, postgres_cpu_seconds() - pg)


# -- what the server must hold afterwards ------------------------------------------------------

def verify(database_url: str, m: Morning) -> dict[str, int]:
    """Raise AssertionError unless the database holds exactly what was sent, once, with
    gap-free change numbers, and each phone (after a last pull) sees exactly its class."""
    totals = {"mutations": 0, "applied once": 0, "checks stored": 0, "sites gap-free": 0}
    with psycopg.connect(libpq(database_url)) as conn:
        doubled = conn.execute("SELECT site_id, id, count(*) FROM mutation_log "
                               "WHERE status = 'applied' GROUP BY site_id, id "
                               "HAVING count(*) > 1").fetchall()
        assert not doubled, f"applied more than once: {doubled[:5]}"
        for slug, sent in m.sent.items():
            site_id = conn.execute("SELECT id FROM sites WHERE slug = %s", (slug,)).fetchone()[0]
            applied = set(r[0] for r in conn.execute(
                "SELECT id FROM mutation_log WHERE site_id = %s AND status = 'applied'",
                (site_id,)))
            ids = {x["id"] for x in sent}
            assert applied == ids, (f"{slug}: {len(ids - applied)} sent but not applied, "
                                    f"{len(applied - ids)} applied but not sent")
            stored = {(str(c), d.isoformat(), s): (st, float(t)) for c, d, s, st, t in conn.execute(
                "SELECT child_id, date, session, status, temperature FROM health_checks "
                "WHERE site_id = %s", (site_id,))}
            want = {(x["args"]["child_id"], x["args"]["date"], x["args"]["session"]):
                    (x["args"]["status"], x["args"]["temperature"]) for x in sent}
            assert stored == want, f"{slug}: the stored checks differ from those sent"
            # Every change in this workload is to a distinct record, so each keeps its
            # number: the feed must be exactly 1..last, one row per number.
            count, low, high = conn.execute(
                "SELECT count(*), min(seq), max(seq) FROM changes WHERE site_id = %s",
                (site_id,)).fetchone()
            last = conn.execute("SELECT last FROM site_seq WHERE site_id = %s",
                                (site_id,)).fetchone()[0]
            assert (count, low, high) == (last, 1, last), (
                f"{slug}: change numbers {low}..{high} in {count} rows, site last {last}")
            totals["mutations"] += len(sent)
            totals["applied once"] += len(applied)
            totals["checks stored"] += len(stored)
            totals["sites gap-free"] += 1
    by_class: dict[tuple[str, str], set[str]] = {}
    for slug, sent in m.sent.items():
        for x in sent:
            by_class.setdefault((slug, x["class_id"]), set()).add(
                (x["args"]["child_id"], x["args"]["date"], x["args"]["session"]))
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda p: p.pull_all(), m.phones))
    for p in m.phones:
        seen = {(c["data"]["child_id"], c["data"]["date"], c["data"]["session"])
                for c in p.seen.values() if c["entity"] == "health_check"}
        assert seen == by_class[(p.site, p.user["class_ids"][0])], (
            f"{p.site}/{p.username}: sees {len(seen)} checks, its class has "
            f"{len(by_class[(p.site, p.user['class_ids'][0])])}")
    return totals


# -- the figures ---------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def figures(m: Morning) -> dict:
    push = [t for p in m.phones for t in p.push_ms]
    pull = [t for p in m.phones for t in p.pull_ms]
    failures = [f for p in m.phones for f in p.failures]
    mutations = sum(len(s) for s in m.sent.values())
    rate = mutations / m.seconds
    p95 = percentile(push, 0.95)
    out = {
        "push p50": figure(round(statistics.median(push)), "ms"),
        "push p95": figure(round(p95), "ms", "< 1000 ms", p95 < 1000),
        "push p99": figure(round(percentile(push, 0.99)), "ms"),
        "pull p50": figure(round(statistics.median(pull)), "ms"),
        "pull p95": figure(round(percentile(pull, 0.95)), "ms"),
        "pull p99": figure(round(percentile(pull, 0.99)), "ms"),
        "mutations/s": figure(rate, "mutations/s", "", None,
                              f"{mutations:,} from {len(m.phones)} phones in {m.seconds:.1f} s"),
        "errors": figure(len(failures), "", "0", not failures,
                         ", ".join(sorted(set(failures)))[:80]),
    }
    return out


def server_ms(log_path: Path, event: str) -> list[float]:
    """The `ms` of every push or pull the server logged (server/api/sync.py's JSON lines)."""
    out = []
    for line in log_path.read_text(errors="replace").splitlines():
        start = line.find('{"event":"%s"' % event)
        if start >= 0:
            out.append(json.loads(line[start:])["ms"])
    return out


def run(sites: int = SITES, phones_per_site: int = PHONES_PER_SITE, per_phone: int = OUTBOX,
        workers: int = WORKERS, spread: float = SPREAD, threads: int = THREADS) -> dict:
    if not postgres_reachable():
        return {"skipped": "no PostgreSQL on 127.0.0.1:5432"}
    # Sign-ins are not what is measured: a cheaper (still salted) hash keeps 200 of them
    # and the schools' staff from taking most of the run.
    env = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    with (throwaway_database() as url,
          school_server(url, sites, workers, env=env, threads=threads) as server):
        m = morning(server.url, slugs(sites), phones_per_site, per_phone,
                    cpu=server.cpu_seconds, spread=spread)
        out = figures(m)
        if m.cpu_seconds:  # what the wall clock hides when other work shares the cores
            mutations = sum(len(x) for x in m.sent.values())
            out["per worker CPU-second"] = figure(
                mutations / m.cpu_seconds, "mutations", "", None,
                f"{m.cpu_seconds:.1f} s of gunicorn CPU (PostgreSQL's not counted)")
        out["CPU in the rush"] = figure(
            round(m.cpu_seconds + m.postgres_cpu_seconds + m.client_cpu_seconds, 1), "s", "",
            None, f"gunicorn {m.cpu_seconds:.1f}, PostgreSQL {m.postgres_cpu_seconds:.1f} "
            f"(all its clients), phones {m.client_cpu_seconds:.1f}; {os.cpu_count()} cores")
        for event in ("push", "pull"):  # the time inside a worker; the rest is queueing
            served = server_ms(server.log_path, event)
            if served:
                out[f"{event} in the server p50"] = figure(round(statistics.median(served)), "ms")
                out[f"{event} in the server p95"] = figure(round(percentile(served, 0.95)), "ms")
        totals = verify(url, m)
        lost = totals["mutations"] - totals["applied once"]
        out["lost or doubled"] = figure(lost, "", "0", lost == 0,
                                        f"{totals['applied once']:,} applied once, "
                                        f"{totals['checks stored']:,} checks stored, "
                                        f"{totals['sites gap-free']} sites gap-free")
        out["setup"] = figure(f"{sites} sites × {phones_per_site} phones × {per_phone}",
                              "", "", None, f"phones start within {spread:g} s, "
                              f"gunicorn {workers} workers"
                              + (f" × {threads} threads" if threads > 1 else "")
                              + f", PostgreSQL, {os.cpu_count()} cores, "
                              f"load {os.getloadavg()[0]:.1f} at the end")
    return out


if __name__ == "__main__":
    import argparse

    from .report import table
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spread", type=float, default=SPREAD,
                        help="seconds over which the phones start (0: all at once)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=THREADS,
                        help="threads a worker (above 1: gthread workers)")
    options = parser.parse_args()
    print(table({"school morning": run(spread=options.spread, workers=options.workers,
                                       threads=options.threads)}))
