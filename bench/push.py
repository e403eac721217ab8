"""Push: check.record mutations per second through the HTTP API.

One client on SQLite, beside a raw sqlite3 executemany of the same rows into a copy of
the same database (same schema, same pragmas), and eight clients on PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from .client import Client
from .report import figure, stopwatch
from .server import Server, running_server
from .workload import batches, check_args, children

BATCH = 500
FLOOR = 5_000  # mutations per second, issue 3
RATIO_GOAL = 0.25
# The server's pragmas (server/extensions.py): an answered push is on disk.
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
           "PRAGMA cache_size=-32768", "PRAGMA mmap_size=268435456", "PRAGMA temp_store=MEMORY",
           "PRAGMA wal_autocheckpoint=16000")


def sqlite_path(server: Server) -> str:
    return server.database_url.removeprefix("sqlite:///")


def snapshot(server: Server, path: str) -> None:
    """A copy of the server's database as it is now (schema and demo school)."""
    src, dst = sqlite3.connect(sqlite_path(server)), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()


class RawInsert:
    """The raw side of the ratio: the health_checks rows each push stored, as stored,
    inserted into the copy taken before the pushes with executemany, one transaction a
    batch like one push. Called after each push, so the two are timed batch by batch on
    the machine as it is then: this shared machine's speed has moved by a third within a
    run, and the raw insert timed after all the pushes measured them on another machine."""

    def __init__(self, server: Server, copy: str):
        self.src = sqlite3.connect(sqlite_path(server))
        self.dst = sqlite3.connect(copy, isolation_level=None)
        for p in PRAGMAS:
            self.dst.execute(p)
        columns = [d[0] for d in self.src.execute("SELECT * FROM health_checks LIMIT 0").description]
        self.select = "SELECT * FROM health_checks WHERE rowid > ? ORDER BY rowid"
        self.sql = (f"INSERT INTO health_checks ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})")
        self.last = self.src.execute("SELECT coalesce(max(rowid), 0) FROM health_checks").fetchone()[0]
        self.rows, self.seconds = 0, 0.0

    def follow(self) -> None:
        """Insert what was stored since the last call (read untimed)."""
        rows = self.src.execute(self.select, (self.last,)).fetchall()
        if not rows:
            return
        self.last = self.src.execute("SELECT max(rowid) FROM health_checks").fetchone()[0]
        with stopwatch() as took:
            self.dst.execute("BEGIN")
            self.dst.executemany(self.sql, rows)
            self.dst.execute("COMMIT")
        self.rows += len(rows)
        self.seconds += took()

    def close(self) -> None:
        self.src.close()
        self.dst.close()


def push_all(client: Client, outbox: list[list[dict]]) -> float:
    """Push every batch; the seconds it took. Every mutation must be applied."""
    with stopwatch() as took:
        for batch in outbox:
            results = client.push(batch)
            if any(r["status"] != "applied" for r in results):
                bad = next(r for r in results if r["status"] != "applied")
                raise AssertionError(f"push not applied: {bad}")
    return took()


def single_client(server: Server, client: Client, kids: list[dict], mutations: int,
                  workdir) -> dict:
    copy = str(workdir / "raw.db")
    snapshot(server, copy)
    args = check_args(kids, dt.date.today())
    outbox = batches(client, args, mutations // BATCH)
    raw_side = RawInsert(server, copy)
    cpu = server.cpu_seconds()
    seconds = 0.0
    for batch in outbox:
        seconds += push_all(client, [batch])
        raw_side.follow()  # the server is idle meanwhile: its CPU time is the pushes'
    cpu = server.cpu_seconds() - cpu
    raw_side.close()
    rate = mutations / seconds
    raw, rows = raw_side.rows / raw_side.seconds, raw_side.rows
    assert rows == mutations, f"{rows} health checks stored for {mutations} pushed"
    return {
        "1 client, SQLite": figure(rate, "mutations/s", f"≥ {FLOOR:,}", rate >= FLOOR,
                                   f"{mutations:,} in batches of {BATCH}, {seconds:.1f} s"),
        "per server CPU-second": figure(mutations / cpu, "mutations/s", "", None,
                                        f"{cpu:.1f} s of gunicorn CPU"),
        "raw sqlite3 executemany": figure(raw, "rows/s", "", None,
                                          f"same rows, {BATCH} per transaction, each "
                                          "batch right after its push"),
        "push / raw": figure(rate / raw, "", f"≥ {RATIO_GOAL}", rate / raw >= RATIO_GOAL),
    }


def concurrent_postgres(clients: int = 8, batches_each: int = 6, workers: int = 4) -> dict:
    """`clients` phones pushing at once to gunicorn with `workers` workers on PostgreSQL."""
    with running_server("postgresql", workers=workers, children_per_class=100) as server:
        phones = [Client(server.url, "demo", ("admin", "health")[i % 2]) for i in range(clients)]
        for p in phones:
            p.login()
        kids = children(phones[0])
        # Each phone records a disjoint stretch of days, so no two make the same check.
        days_each = batches_each * BATCH // (len(kids) * 2) + 1
        outboxes = [batches(p, check_args(kids, dt.date.today(), i * days_each), batches_each)
                    for i, p in enumerate(phones)]
        start = threading.Barrier(clients + 1)

        def run(i):
            start.wait()
            return push_all(phones[i], outboxes[i])
        with ThreadPoolExecutor(clients) as pool:
            futures = [pool.submit(run, i) for i in range(clients)]
            with stopwatch() as took:
                start.wait()
                for f in futures:
                    f.result()
        for p in phones:
            p.close()
    total = clients * batches_each * BATCH
    rate = total / took()
    return {f"{clients} clients, PostgreSQL": figure(
        rate, "mutations/s", "", None,
        f"{total:,} in batches of {BATCH}, gunicorn {workers} workers, {took():.1f} s")}
