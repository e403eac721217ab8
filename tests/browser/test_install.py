"""The app installs: manifest, icons, service worker in control, and a complete precache."""
from pathlib import Path

import requests

from .app import open_app


def test_manifest_is_installable_and_the_worker_controls_the_page(live, installed_phone):
    ctx = installed_phone
    page = open_app(ctx, live.url)
    cdp = ctx.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    assert page.evaluate("navigator.serviceWorker.controller.state") == "activated"
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []


def test_every_file_of_the_app_is_in_the_precache_and_served(live):
    text = requests.get(f"{live.url}/sw.js", timeout=5).text
    root = Path(__file__).resolve().parents[2] / "pwa"
    served = {"/" if p.name == "index.html" else "/" + p.relative_to(root).as_posix()
              for p in root.rglob("*") if p.is_file() and p.suffix != ".py" and p.name != "sw.js"}
    for url in served | {"/vendor/idb/index.js", "/vendor/uuid/index.js"}:
        assert f'"{url}"' in text, url
        assert requests.get(live.url + url, timeout=5).status_code == 200, url
