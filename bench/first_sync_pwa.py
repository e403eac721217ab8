"""A phone's first sync in real Chromium: the health teacher signs in on a new phone and
pulls a school with 5,000 checks in pages of 1,000, over a link with 150 ms of latency
(the school's Wi-Fi, emulated by Chromium). Timed from the sign-in until the phone's
store holds every check, with the next page asked for as soon as a page's headers say
where it starts (pwa/sync.js), and, beside it, as a phone did before: the proxy drops
those headers, so the next page is asked for once this one is parsed and stored."""
from __future__ import annotations

import datetime as dt
import statistics
import time

from playwright.sync_api import sync_playwright

from tests.browser.app import open_app
from tests.browser.harness import Proxy, launch_chromium, new_phone

from . import push
from .client import Client
from .report import figure, line
from .server import running_server
from .workload import batches, check_args, children

CHECKS = 5_000
PAGE = 1_000
LATENCY_MS = 150
RUNS = 3  # of each, alternated

STORED = """() => new Promise((resolve) => {
  const open = indexedDB.open('sanguan');
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('records')) { db.close(); resolve(0); return; }
    const count = db.transaction('records').objectStore('records').index('entity')
      .count('health_check');
    count.onsuccess = () => { db.close(); resolve(count.result); };
  };
  open.onerror = () => resolve(0);
})"""


def first_sync(browser, url: str) -> float:
    """Seconds from pressing sign-in until the store holds every check."""
    context = new_phone(browser)
    page = open_app(context, url)
    page.evaluate(f"localStorage.setItem('sanguan.pullLimit', '{PAGE}')")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": LATENCY_MS, "downloadThroughput": -1,
        "uploadThroughput": -1})
    page.fill("#site", "demo")
    page.fill("#username", "health")
    page.fill("#password", "sanguan-demo")
    started = time.perf_counter()
    page.get_by_role("button", name="登录").click()
    while page.evaluate(STORED) < CHECKS:
        if time.perf_counter() - started > 120:
            raise TimeoutError("the first sync did not store every check in 120 s")
        time.sleep(0.02)
    took = time.perf_counter() - started
    context.close()
    return took


def run() -> dict:
    with running_server("sqlite", workers=2, children_per_class=100) as server:
        phone = Client(server.url, "demo", "health")
        phone.login()
        push.push_all(phone, batches(phone, check_args(children(phone), dt.date.today()),
                                     CHECKS // push.BATCH))
        phone.close()
        proxy = Proxy(server.port)
        times: dict[bool, list[float]] = {True: [], False: []}
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                try:
                    for _ in range(RUNS):
                        for ahead in (True, False):
                            proxy.without_page_headers = not ahead
                            times[ahead].append(first_sync(browser, proxy.url))
                finally:
                    browser.close()
        finally:
            proxy.close()
    ahead, after = statistics.median(times[True]), statistics.median(times[False])
    figures = {
        "first sync of 5,000 checks, 150 ms latency": figure(
            round(ahead, 2), "s", "", None,
            f"median of {RUNS}, sign-in until stored, pages of {PAGE}, the next page asked "
            f"for on a page's headers (runs: {', '.join(f'{t:.2f}' for t in times[True])})"),
        "the same, next page asked once stored": figure(
            round(after, 2), "s", "", None,
            f"median of {RUNS}, the proxy dropping the pages' Sync- headers (runs: "
            f"{', '.join(f'{t:.2f}' for t in times[False])}); ratio {ahead / after:.2f}"),
    }
    for name, f in figures.items():
        print(line("first sync pwa", name, f))
    return figures


if __name__ == "__main__":
    run()
