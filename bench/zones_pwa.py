"""Issue 6's figures: a 12-megapixel photo shrunk (1600 px, JPEG) and stored in IndexedDB
on the phone, in real Chromium; and the hazard ledger (GET /api/hazards, every hazard with
its whole history) of a school holding 5,000 hazards. `run()` returns the figures and
prints them."""
from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import requests
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from tests.browser.app import open_app, sign_in
from tests.browser.harness import LiveServer, launch_chromium, make_demo_db, new_phone

from .client import Client
from .report import figure, line

HAZARDS = 5_000
LEDGER_RUNS = 7
PHOTOS = 3


def seed_hazards(base_url: str, n: int = HAZARDS) -> int:
    """n hazards through the sync API: all reported, every other one assigned (so the
    ledger carries 1.5 steps of history a hazard)."""
    teacher, admin = Client(base_url, "demo", "teacher1"), Client(base_url, "demo", "admin")
    teacher.login()
    admin.login()
    deadline = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    ids = [str(uuid.uuid4()) for _ in range(n)]
    for i in range(0, n, 500):
        teacher.push([teacher.mutation("hazard.report", {"id": hid, "what": f"隐患 {j}",
                                                         "severity": ("low", "medium", "high")[j % 3]})
                      for j, hid in enumerate(ids[i:i + 500], start=i)])
    assign = ids[::2]
    for i in range(0, len(assign), 500):
        admin.push([admin.mutation("hazard.assign", {"hazard_id": hid, "assignee_id": teacher.user["id"],
                                                     "deadline": deadline}) for hid in assign[i:i + 500]])
    return n + len(assign)


def ledger_ms(base_url: str) -> tuple[list[float], int]:
    token = Client(base_url, "demo", "admin")
    token.login()
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token.token}"
    times, rows = [], 0
    for _ in range(LEDGER_RUNS):
        t0 = time.perf_counter()
        r = http.get(f"{base_url}/api/hazards", timeout=60)
        times.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
        rows = len(r.json()["hazards"])
    return times, rows


def photo_ms(browser, base_url: str, folder: Path) -> list[float]:
    """Feed a 12 MP camera photo to the report form's <input capture>: shrink + hash + store."""
    path = folder / "camera.jpg"
    base = Image.effect_noise((1000, 750), 40).convert("RGB").resize((4000, 3000))
    base.save(path, "JPEG", quality=92)
    page = open_app(new_phone(browser), base_url)
    sign_in(page, "teacher1")
    page.goto(f"{base_url}/#/hazard-new")
    out = []
    for i in range(PHOTOS):
        page.set_input_files("#zreport-photo", str(path))
        expect(page.locator("form.zreport img.zthumb")).to_have_count(i + 1)
        page.wait_for_function("n => performance.getEntriesByName('photo-stored').length >= n", arg=i + 1)
        out.append(page.evaluate("performance.getEntriesByName('photo-stored').at(-1).duration"))
    page.context.close()
    return out


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="sanguan-bench-zones-") as tmp:
        tmp = Path(tmp)
        server = LiveServer(make_demo_db(tmp / "sanguan.db"), tmp / "server.log").start()
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                try:
                    photos = photo_ms(browser, server.url, tmp)
                finally:
                    browser.close()
            steps = seed_hazards(server.url)
            times, rows = ledger_ms(server.url)
        finally:
            server.stop()
    photo, ledger = statistics.median(photos), statistics.median(times)
    figures = {
        "12 MP photo shrunk and stored on the phone": figure(
            round(photo), "ms", "< 1500 ms", photo < 1500,
            f"median of {PHOTOS} (max {max(photos):.0f} ms): decode, 1600 px JPEG, SHA-256, IndexedDB"),
        "hazard ledger of 5,000 hazards (GET /api/hazards)": figure(
            round(ledger), "ms", "< 200 ms", ledger < 200,
            f"median of {LEDGER_RUNS} (max {max(times):.0f} ms); {rows} hazards, {steps} steps, SQLite; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"),
    }
    for name, f in figures.items():
        print(line("zones pwa", name, f))
    return figures


if __name__ == "__main__":
    run()
