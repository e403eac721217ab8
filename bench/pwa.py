"""The app in real Chromium (issue 4's figures): what the first load transfers (the shell
only: other files are fetched per role after sign-in), what a caregiver's phone has
fetched once signed in with her role's screens kept for offline use, how fast the app
starts from the service worker's cache with the server gone, and how long a tap takes to
be durable in IndexedDB. `run()` returns the figures and prints them."""
from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import requests

from playwright.sync_api import expect, sync_playwright

from tests.browser.app import children, choose_session, mark, open_app, sign_in
from tests.browser.harness import LiveServer, Proxy, launch_chromium, make_demo_db, new_phone

from .report import figure, line

STARTS = 7
SHELL_GOAL = 150 * 1024


def _app_files(proxy: Proxy, icons: bool = False) -> list[tuple[str, int]]:
    """(path, body bytes as they crossed the wire) of the app's files fetched so far: HTML,
    JS, CSS, the manifest and the worker; icons only if asked; never /api/."""
    skip = ("/api/", "/healthz") + (() if icons else ("/icons/",))
    return [(path, n) for path, _, n in proxy.responses if not path.startswith(skip)]


def _uncompressed(server: LiveServer, files: list[tuple[str, int]]) -> int:
    """The same answers' bytes as the server sends them to a client that takes no gzip
    (a 304, no body, counts nothing here either)."""
    return sum(len(requests.get(server.url + path, headers={"Accept-Encoding": "identity"},
                                timeout=10).content) for path, n in files if n)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def measure(browser, server: LiveServer, proxy: Proxy) -> dict:
    page = open_app(new_phone(browser), proxy.url)  # first visit: nothing cached
    shell = _app_files(proxy)
    first_load = sum(n for _, n in shell)
    first_load_raw = _uncompressed(server, shell)
    sign_in(page, "teacher1")
    # The idle fetch of the caregiver's screens (pwa/offline.js) has completed.
    page.wait_for_function("() => (document.documentElement.dataset.offlineRoles ?? '')"
                           ".split(' ').includes('caregiver')", timeout=60_000)
    phone_files = _app_files(proxy, icons=True)
    phone_bytes = sum(n for _, n in phone_files)
    api_bytes = sum(n for path, _, n in proxy.responses if path.startswith("/api/"))

    server.stop()  # starts from the worker's cache alone
    starts = []
    for _ in range(STARTS):
        page.reload()
        expect(page.locator("li.child")).to_have_count(25)
        page.wait_for_function("() => performance.getEntriesByName('roster-ready').length > 0")
        starts.append(page.evaluate("performance.getEntriesByName('roster-ready')[0].startTime"))

    page.evaluate("performance.clearMeasures('tap-durable')")
    kids = [k for k, _ in children(page)]
    for session in ("morning", "noon"):
        choose_session(page, session)
        for child_id in kids:
            mark(page, child_id)
    taps = page.evaluate("performance.getEntriesByName('tap-durable').map(e => e.duration)")
    page.context.close()

    start_ms = statistics.median(starts)
    tap_p95 = _p95(taps)
    return {
        "shell transferred on first load": figure(
            round(first_load / 1024, 1), "KiB", "< 150 KiB", first_load < SHELL_GOAL,
            f"HTML, JS, CSS, manifest, sw.js as sent (gzip); icons apart; {len(shell)} responses "
            "(the page's and the worker's precache: a file revalidated is a 304, no body)"),
        "shell on first load, uncompressed": figure(
            round(first_load_raw / 1024, 1), "KiB", "",  None,
            "the same files without gzip"),
        "caregiver's phone after sign-in and idle fetch": figure(
            round(phone_bytes / 1024, 1), "KiB", "", None,
            f"every app file fetched from first visit until her role's screens are kept "
            f"(shell, icons, her areas' screens, jsQR) as sent; {len(phone_files)} responses; "
            f"/api/ apart ({api_bytes / 1024:.1f} KiB: sign-in, first pull)"),
        "start from SW cache to usable roster": figure(
            round(start_ms), "ms", "< 1000 ms", start_ms < 1000,
            f"median of {STARTS} starts with the server down (max {max(starts):.0f} ms)"),
        "tap to durable in IndexedDB, p95": figure(
            round(tap_p95, 1), "ms", "< 50 ms", tap_p95 < 50,
            f"{len(taps)} taps, p50 {statistics.median(taps):.1f} ms"),
    }


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="sanguan-bench-pwa-") as tmp:
        tmp = Path(tmp)
        server = LiveServer(make_demo_db(tmp / "sanguan.db"), tmp / "server.log").start()
        proxy = Proxy(server.port)
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                try:
                    figures = measure(browser, server, proxy)
                finally:
                    browser.close()
        finally:
            proxy.close()
            server.stop()
    for name, f in figures.items():
        print(line("pwa", name, f))
    return figures


if __name__ == "__main__":
    run()
