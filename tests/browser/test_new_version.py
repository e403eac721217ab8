"""A new version is deployed while changes wait in the outbox: the app offers a reload,
the reload brings the new version, and the waiting changes survive it and sync."""
import re
import shutil

import requests

import pytest
from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, mark, open_app, sign_in
from .harness import ROOT, LiveServer, Proxy, server_checks


@pytest.fixture
def deployable(db_file, tmp_path):
    """The server serving a copy of pwa/ that the test can change (a deploy)."""
    pwa = tmp_path / "pwa"
    shutil.copytree(ROOT / "pwa", pwa)
    server = LiveServer(db_file, tmp_path / "server.log", pwa_dir=pwa).start()
    proxy = Proxy(server.port)
    yield server, proxy, pwa
    proxy.close()
    server.stop()


def test_a_deploy_while_changes_wait_keeps_the_queue_and_it_syncs(deployable, phone):
    server, proxy, pwa = deployable
    page = open_app(phone(), proxy.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    old_sw = page.evaluate("fetch('/sw.js').then(r => r.text())")
    proxy.block_pushes = True
    kids = [k for k, _ in children(page)][:3]
    for child_id in kids:
        mark(page, child_id)
    expect_waiting(page, 3)

    index = pwa / "index.html"
    index.write_text(index.read_text().replace(
        '<meta name="theme-color"', '<meta name="sanguan-build" content="next">\n  <meta name="theme-color"'))
    server.stop()
    server.start()
    assert page.evaluate("fetch('/sw.js').then(r => r.text())") != old_sw  # new bytes

    page.reload()  # the browser checks for a new worker on navigation
    expect(page.get_by_test_id("reload")).to_be_visible()
    expect(page.locator("meta[name=sanguan-build]")).to_have_count(0)  # still the old one
    page.get_by_test_id("reload").click()
    expect(page.locator("meta[name=sanguan-build]")).to_have_count(1)
    expect_waiting(page, 3)

    proxy.block_pushes = False
    expect_waiting(page, 0)
    assert sorted(c["child_id"] for c in server_checks(server.url)) == sorted(kids)
    version = re.search(r'VERSION = "(\w+)"', requests.get(f"{server.url}/sw.js", timeout=5).text)[1]
    assert page.evaluate("caches.keys()") == [f"sanguan-{version}"]  # the old cache is gone
