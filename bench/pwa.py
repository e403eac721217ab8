"""The app in real Chromium (issue 4's figures): what the first load transfers, how fast
the app starts from the service worker's cache with the server gone, and how long a tap
takes to be durable in IndexedDB. `run()` returns the figures and prints them."""
from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.browser.app import children, choose_session, mark, open_app, sign_in
from tests.browser.harness import LiveServer, Proxy, launch_chromium, make_demo_db, new_phone

from .report import figure

STARTS = 7
SHELL_GOAL = 150 * 1024


def _shell_bytes(proxy: Proxy) -> int:
    """Bodies of HTML, JS, CSS (and the manifest) that crossed the wire; icons apart."""
    return sum(n for path, _, n in proxy.responses
               if not path.startswith(("/api/", "/icons/", "/healthz")))


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def measure(browser, server: LiveServer, proxy: Proxy) -> dict:
    page = open_app(new_phone(browser), proxy.url)  # first visit: nothing cached
    first_load = _shell_bytes(proxy)
    sign_in(page, "teacher1")

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
            "HTML, JS, CSS, manifest; icons apart; uncompressed"),
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
        print(f"pwa: {name}: {f['value']} {f['unit']} (goal {f['goal']}) {f['note']}")
    return figures


if __name__ == "__main__":
    run()
