"""The app's files as the server lists and serves them (server/pwa.py): the shell the worker
precaches, each area's files and the areas of each role, fetched after sign-in; static
answers gzipped with their own ETag, never an /api/ error."""
from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from server import create_app, pwa
from server.config import TestConfig
from server.models import ROLES

ROOT = Path(__file__).resolve().parents[2]
PWA = ROOT / "pwa"
# Any quoted module path in a file, wherever it stands: wider than the server's reading
# of import statements, so a form of import the server misses shows here.
QUOTED = re.compile(r"""['"]((?:\.{1,2}/|/)[\w./-]+\.m?js|[\w@][\w@./-]*)['"]""")


@pytest.fixture(scope="module")
def app():
    return create_app(TestConfig)


@pytest.fixture(scope="module")
def lists(app):
    with app.app_context():
        return pwa.manifest()


def import_map() -> dict[str, str]:
    html = (PWA / "index.html").read_text(encoding="utf-8")
    return json.loads(pwa.IMPORT_MAP.search(html)[1])["imports"]


def referenced(url: str, imports: dict[str, str], vendor: dict[str, Path]) -> set[str]:
    """Every file a module mentions, and what those mention, read the wide way."""
    seen, todo = set(), [url]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        path = vendor.get(url) or PWA / url.lstrip("/")
        if not path.is_file():
            continue
        seen.add(url)
        if path.suffix not in {".js", ".mjs"}:
            continue
        for spec in QUOTED.findall(path.read_text(encoding="utf-8")):
            if spec in imports:
                todo.append(imports[spec])
            elif spec.startswith(("./", "../")):
                todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(url), spec)))
            elif spec.startswith("/"):
                todo.append(spec)
    return seen


def urls(pairs) -> set[str]:
    return {url for url, _ in pairs}


def test_every_file_an_area_refers_to_is_kept_for_each_role_of_that_area(app, lists):
    with app.app_context():
        vendor = {f"/vendor/{name}/{p.name}": p for name in pwa.VENDOR for p in pwa._vendor_files(name)}
        per_role = {role: urls(pwa.role_files(role)) for role in ROLES}
    shell, imports = urls(lists["shell"]), import_map()
    areas = sorted(p.stem for p in (PWA / "areas").glob("*.js") if p.stem != "index")
    assert sorted(lists["areas"]) == areas
    assert set(pwa.AREA_ROLES) == set(areas)  # a new area is given its roles on purpose
    for area in areas:
        needed = referenced(f"/areas/{area}.js", imports, vendor)
        assert needed - shell <= urls(lists["areas"][area]), area
        for role in pwa.AREA_ROLES[area]:
            assert area in lists["roles"][role]
            assert needed - shell - per_role[role] == set(), (area, role)


def test_every_served_file_is_in_the_shell_or_an_area_and_nothing_else_is(lists):
    listed = urls(lists["shell"]) | {u for files in lists["areas"].values() for u in urls(files)}
    on_disk = {"/" if p.name == "index.html" else "/" + p.relative_to(PWA).as_posix()
               for p in PWA.rglob("*") if p.is_file() and p.suffix in pwa.SERVED and p.name != "sw.js"}
    assert on_disk - listed == set()
    for url in listed:
        if url.startswith("/vendor/"):
            name, file = url.split("/")[2:]
            folder = ROOT / "node_modules" / pwa.VENDOR[name][0]
            assert (folder / file).is_file(), url
        else:
            path = PWA / ("index.html" if url == "/" else url.lstrip("/"))
            assert path.resolve().is_relative_to(PWA.resolve()) and path.is_file(), url


def test_the_shell_is_small_and_the_screens_and_jsqr_are_not_in_it(lists):
    shell = urls(lists["shell"])
    assert {"/", "/app.js", "/status.js", "/screens/signin.js", "/screens/today.js",
            "/vendor/idb/index.js", "/manifest.webmanifest"} <= shell
    assert not any(u.startswith(("/screens/zones/", "/screens/admin/ui.js")) for u in shell)
    assert "/vendor/jsqr/jsQR.js" not in shell
    assert "/vendor/jsqr/jsQR.js" in urls(lists["areas"]["zones"])  # the zones' QR scan


def test_each_role_gets_its_areas_only(app, lists):
    with app.app_context():
        guard, admin = urls(pwa.role_files("guard")), urls(pwa.role_files("admin"))
        caregiver = urls(pwa.role_files("caregiver"))
        assert pwa.role_files("parent") == [] and pwa.role_files("nobody") == []
    assert "/screens/gate/home.js" in guard and "/screens/zones/zonecheck.js" in guard
    assert not any(u.startswith("/screens/health/") for u in guard)
    assert "/screens/health/roster.js" in caregiver and "/screens/admin/staff.js" not in caregiver
    assert "/screens/admin/staff.js" in admin and caregiver | guard <= admin


def test_hashes_are_the_files_and_a_changed_file_is_a_new_worker(app, tmp_path):
    copy = shutil.copytree(PWA, tmp_path / "pwa")
    app.config["PWA_DIR"] = copy
    try:
        client = app.test_client()
        with app.app_context():
            for url, digest in pwa.manifest()["areas"]["gate"]:
                if not url.startswith("/vendor/"):
                    assert digest == hashlib.sha256((copy / url.lstrip("/")).read_bytes()).hexdigest()[:12]
        before = client.get("/sw.js").text
        assert '"/screens/gate/home.js"' in before and "/* SHELL */" not in before
        home = copy / "screens" / "gate" / "home.js"
        home.write_text(home.read_text() + "\n// next\n")
        after = client.get("/sw.js").text
        version = re.compile(r'VERSION = "(\w+)"')
        assert version.search(after)[1] != version.search(before)[1]
    finally:
        app.config["PWA_DIR"] = PWA


def test_static_files_are_gzipped_with_their_own_etag_and_revalidate(app):
    client = app.test_client()
    plain = client.get("/app.js")
    packed = client.get("/app.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in plain.headers["Vary"] and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data == (PWA / "app.js").read_bytes()
    assert plain.headers["ETag"] != packed.headers["ETag"]
    again = client.get("/app.js", headers={"Accept-Encoding": "gzip",
                                           "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    # A client that takes no gzip never gets a 304 for the gzipped copy's tag.
    other = client.get("/app.js", headers={"If-None-Match": packed.headers["ETag"]})
    assert other.status_code == 200 and other.data == plain.data
    for path in ("/", "/sw.js", "/styles.css", "/vendor/jsqr/jsQR.js"):
        r = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers["Content-Encoding"] == "gzip", path
    icon = client.get("/icons/icon-192.png", headers={"Accept-Encoding": "gzip"})
    assert icon.headers.get("Content-Encoding") is None  # already compressed


def test_the_shell_page_preloads_its_modules(app, lists):
    html = app.test_client().get("/").text
    preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    modules = {u for u in urls(lists["shell"]) if u.endswith((".js", ".mjs"))} - {"/app.js"}
    assert set(preloads) == modules
    assert html.index('type="importmap"') < html.index("modulepreload") < html.index('src="/app.js"')


def test_api_errors_are_never_gzipped(app):
    client = app.test_client()
    for method, path in (("get", "/api/nothing-here"), ("get", "/api/me"), ("post", "/api/auth/login")):
        r = getattr(client, method)(path, headers={"Accept-Encoding": "gzip"})
        assert r.status_code >= 400 and r.headers.get("Content-Encoding") is None
        assert set(r.get_json()["error"]) >= {"code", "message"}
    for path in ("/../README.md", "/.hidden.js", "/vendor/jsqr/../../package.json", "/vendor/nope/x.js"):
        assert client.get(path).status_code == 404, path
