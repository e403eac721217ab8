"""Real processes, no mocks: gunicorn serving demo schools from a throwaway PostgreSQL
database (or a throwaway PostgreSQL cluster of the test's own), phones speaking
PROTOCOL.md over HTTP on 127.0.0.1. Servers are awaited by polling /healthz."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import psycopg
import pytest

from bench import morning
from bench.server import free_port, postgres_reachable

# Sites of the shared server: the short morning takes the first two, each other test
# one of its own, so that every test can count exactly what its site holds.
SITES = morning.slugs(5)
# Still a real salted hash, only cheaper: these tests sign in dozens of phones.
CHEAP_HASH = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
PG_BIN = Path(os.environ.get("PG_BIN") or next(
    iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), Path("/nonexistent")))


def need_postgres():
    if not postgres_reachable():
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but PostgreSQL on 127.0.0.1:5432 is unreachable")
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")


@pytest.fixture(scope="session")
def served():
    """gunicorn with two workers on a throwaway PostgreSQL database: (server, db URL)."""
    need_postgres()
    with morning.throwaway_database() as url, \
            morning.school_server(url, sites=len(SITES), workers=2, env=CHEAP_HASH) as server:
        yield server, url


def connect(url: str) -> psycopg.Connection:
    return psycopg.connect(morning.libpq(url), autocommit=False)


def wait_for(condition, what: str, timeout: float = 30, every: float = 0.02):
    """Poll `condition` until it is true (a probe of the system, never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


def lock_waiters(url: str) -> int:
    """Backends of this database waiting for a row lock (a push held up mid-transaction)."""
    with psycopg.connect(morning.libpq(url), autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                            "current_database() AND wait_event_type = 'Lock'").fetchone()[0]


def workers_of(master_pid: int) -> list[int]:
    """The gunicorn workers: the processes whose parent is the master."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            out.append(int(stat.parent.name))
    return out


def kill_workers(master_pid: int) -> list[int]:
    pids = workers_of(master_pid)
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    return pids


def site_id(url: str, slug: str) -> str:
    with connect(url) as conn:
        return conn.execute("SELECT id FROM sites WHERE slug = %s", (slug,)).fetchone()[0]


def applied_counts(url: str, ids: list[str]) -> dict[str, int]:
    """How many times each mutation id was applied, as the database records it."""
    with connect(url) as conn:
        rows = conn.execute("SELECT id, count(*) FROM mutation_log WHERE status = 'applied' "
                            "AND id = ANY(%s) GROUP BY id", (ids,)).fetchall()
    return {i: 0 for i in ids} | dict(rows)


def stored_checks(url: str, slug: str) -> int:
    with connect(url) as conn:
        return conn.execute("SELECT count(*) FROM health_checks h JOIN sites s "
                            "ON s.id = h.site_id WHERE s.slug = %s", (slug,)).fetchone()[0]


# -- a PostgreSQL cluster of the test's own ----------------------------------------------------

class Cluster:
    """A throwaway PostgreSQL cluster on a free port of 127.0.0.1 (initdb as `postgres`)."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="sanguan-pg-"))
        shutil.chown(self.root, "postgres", "postgres")
        self.data, self.log = self.root / "data", self.root / "postgres.log"
        self.port = free_port()
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _pg(self, *args: str, timeout: float = 60) -> None:
        done = subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True,
                              text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr}{done.stdout}\n{self.log_tail()}")

    def init(self) -> "Cluster":
        self._pg(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                 "--auth=trust", "-E", "UTF8", "--no-sync")
        return self

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c max_connections=60")
        self._pg(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                 "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"),
                               "-D", str(self.data), "status"], capture_output=True).returncode == 0

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text().splitlines()[-20:])
        except OSError:
            return ""

    def remove(self) -> None:
        if self.data.exists() and self.running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").is_file():
        if os.environ.get("REQUIRE_POSTGRES"):  # CI: the restart test must run, not skip
            pytest.fail(f"REQUIRE_POSTGRES is set but there is no initdb in {PG_BIN}")
        pytest.skip(f"no initdb in {PG_BIN}")
    cluster = Cluster()
    try:
        cluster.init().start()
        yield cluster
    finally:
        cluster.remove()
