"""A real Sanguan server for a benchmark: a throwaway database, migrated and loaded with
the demo school, served by gunicorn from this virtual environment on a free port of
127.0.0.1. Everything it starts or creates is removed when the `with` block ends."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "sanguan_bench"


class ServerFailed(RuntimeError):
    """The server did not come up; its log says why."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_reachable() -> bool:
    try:
        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


class Server:
    def __init__(self, database_url: str, workdir: Path, workers: int, env: dict,
                 threads: int = 1):
        self.database_url, self.workdir, self.workers = database_url, workdir, workers
        self.threads = threads  # above 1: gunicorn's gthread workers, keep-alive on
        self.env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "server", **env}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.proc: subprocess.Popen | None = None

    def flask(self, *args: str) -> None:
        with open(self.log_path, "a") as log:
            done = subprocess.run([sys.executable, "-m", "flask", "--app", "server", *args],
                                  cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                  timeout=300)
        if done.returncode != 0:
            raise ServerFailed(f"flask {' '.join(args)} failed:\n{self.log_tail()}")

    def start(self, timeout: float = 60) -> None:
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
             *(("--worker-class", "gthread", "--threads", str(self.threads))
               if self.threads > 1 else ()),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "server:create_app()"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            try:  # poll the health probe until it answers, or notice that gunicorn died
                self.proc.wait(timeout=0.05)
                raise ServerFailed(f"gunicorn exited early:\n{self.log_tail()}")
            except subprocess.TimeoutExpired:
                pass
        raise ServerFailed(f"no answer from /healthz in {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # gunicorn's graceful shutdown stops its workers too
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def cpu_seconds(self) -> float:
        """CPU time the gunicorn workers used so far (Linux /proc): the server's own cost,
        which the wall clock hides when other work shares the machine's cores."""
        pid = self.proc.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for child in children:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return ""


def _proc_cpu(stat: str, children: bool = False) -> int:
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks + (int(fields[13]) + int(fields[14]) if children else 0)  # cutime, cstime


def postgres_cpu_seconds() -> float:
    """CPU time of the local PostgreSQL so far (Linux /proc): its live processes, and the
    backends that already exited, counted on the postmaster as its reaped children. The
    server is shared: another client's work in the same moment is counted too."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # gone meanwhile
            continue
        if text.split(" (", 1)[1].startswith("postgres)"):
            ppid = int(text.rsplit(")", 1)[1].split()[1])
            total += _proc_cpu(text, children=ppid == 1 or not _is_postgres(ppid))
    return total / os.sysconf("SC_CLK_TCK")


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "postgres"
    except OSError:
        return False


@contextmanager
def temp_database(backend: str) -> Iterator[tuple[str, Path]]:
    """(database URL, working folder) for one benchmark; both gone afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="sanguan-bench-"))
    try:
        if backend == "sqlite":
            yield f"sqlite:///{workdir / 'sanguan.db'}", workdir
            return
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DATABASE}", workdir
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def running_server(backend: str = "sqlite", workers: int = 2, children_per_class: int = 25,
                   env: dict | None = None) -> Iterator[Server]:
    """A migrated database with the demo school, served by gunicorn until the block ends."""
    with temp_database(backend) as (url, workdir):
        server = Server(url, workdir, workers, env or {})
        server.flask("db", "upgrade")
        server.flask("demo", "--children", str(children_per_class))
        try:
            server.start()
            yield server
        finally:
            server.stop()
