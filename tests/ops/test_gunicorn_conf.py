"""gunicorn started in the project's folder takes gunicorn.conf.py: each worker moves the
loaded app's objects out of the garbage collector's sight, and serves as before."""
from __future__ import annotations

import re
import time

from bench.client import Client
from bench.server import running_server


def test_each_worker_freezes_the_loaded_app_and_serves():
    with running_server("sqlite", workers=2) as server:
        phone = Client(server.url, "demo", "health")
        phone.login()
        assert any(page["changes"] for page in phone.pages(limit=5000))
        phone.close()
        # one worker served the phone; the other may still be booting on a busy machine
        deadline = time.monotonic() + 60
        while len(workers := freeze_lines(log := server.log_path.read_text())) < 2 \
                and time.monotonic() < deadline:
            time.sleep(0.2)
    assert len(workers) == 2, log[-2000:]
    for frozen, every in workers:
        assert int(frozen) > 50_000  # SQLAlchemy's tables and mappers, schemas, routes
        assert int(every) == 50_000


def freeze_lines(log: str) -> list[tuple[str, str]]:
    return re.findall(r"Worker \d+: (\d+) objects of the loaded app frozen, young "
                      r"generation collected every (\d+) allocations", log)
