"""Fixtures for the tests in real Chromium: a fresh demo school and server for each test,
one Chromium for the session, a phone-sized context for each test."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from .harness import (ROOT, LiveServer, Proxy, launch_chromium, launch_persistent_phone,
                      make_demo_db, new_phone)

expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    if not (ROOT / "node_modules" / "idb").is_dir():
        pytest.fail("node_modules missing: run `make install-dev` (npm ci)")
    return make_demo_db(tmp_path_factory.mktemp("template") / "demo.db")


@pytest.fixture
def db_file(demo_db, tmp_path):
    target = tmp_path / "sanguan.db"
    shutil.copy(demo_db, target)
    return target


@pytest.fixture
def live(db_file, tmp_path):
    """The server, started; `live.stop()` / `live.start()` kill and restart it."""
    server = LiveServer(db_file, tmp_path / "server.log").start()
    yield server
    server.stop()


@pytest.fixture
def proxy(live):
    p = Proxy(live.port)
    yield p
    p.close()


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright):
    b = launch_chromium(playwright)
    yield b
    b.close()


@pytest.fixture
def installed_phone(playwright, tmp_path):
    """A context with a profile on disk: Chrome never offers to install from incognito."""
    ctx = launch_persistent_phone(playwright, tmp_path / "profile")
    yield ctx
    ctx.close()


@pytest.fixture
def phone(browser):
    """Returns a factory of phone-sized contexts, all closed after the test."""
    made = []

    def make(**kw):
        ctx = new_phone(browser, **kw)
        made.append(ctx)
        return ctx
    yield make
    for ctx in made:
        ctx.close()
