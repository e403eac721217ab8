"""Timing a read view in-process: the app on a throwaway SQLite file, a sign-in, and the
view's answer times (Flask test client, no network), as p50 and p95 in milliseconds."""
from __future__ import annotations

import statistics
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine

from server import create_app
from server.config import TestConfig
from server.extensions import db
from sync.models import Base

from .report import stopwatch


@contextmanager
def throwaway_app(name: str):
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / f'{name}.db'}"
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()

        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = url
        app = create_app(Config)
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


def answer_times(app, username: str, url: str, requests: int,
                 password: str = "bench-password") -> tuple[float, float]:
    """(p50, p95) in ms of `requests` GETs of url, signed in as username at site bench."""
    client = app.test_client()
    token = client.post("/api/auth/login", json={
        "site": "bench", "username": username, "password": password,
        "device_id": str(uuid.uuid4())}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    times = []
    for _ in range(requests):
        with stopwatch() as t:
            r = client.get(url, headers=headers)
        assert r.status_code == 200, r.get_json()
        times.append(t() * 1000)
    return statistics.median(times), sorted(times)[int(0.95 * len(times)) - 1]
