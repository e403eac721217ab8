"""Serves the installable app in pwa/ from the same origin as the API.

`/sw.js` is the hand-written worker with the precache list and a version filled in here:
every shell file with its content hash, so any deploy changes the worker's bytes and the
browser installs the new version. Front-end packages come from the npm install, mapped
under `/vendor/` (see the import map in index.html).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, send_from_directory
from werkzeug.routing import PathConverter

from .security import CONTENT_SECURITY_POLICY

bp = Blueprint("pwa", __name__)

# npm package → (folder inside node_modules, files the app needs). Only these are served.
VENDOR = {"idb": ("idb/build", ["index.js"]), "uuid": ("uuid/dist", None),
          "jsqr": ("jsqr/dist", ["jsQR.js"]),  # a UMD script: import() it, it sets self.jsQR
          "uqr": ("uqr/dist", ["index.mjs"]),
          "noble-hashes": ("@noble/hashes", ["sha2.js", "_md.js", "_u64.js", "utils.js"])}
SERVED = {".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".png", ".svg", ".ico", ".txt"}
MIME = {".js": "text/javascript", ".mjs": "text/javascript",
        ".webmanifest": "application/manifest+json", ".css": "text/css",
        ".json": "application/json", ".svg": "image/svg+xml"}


def _pwa_dir() -> Path:
    return Path(current_app.config["PWA_DIR"])


def _vendor_files(name: str) -> list[Path]:
    folder, files = VENDOR[name]
    base = Path(current_app.config["NODE_MODULES"]) / folder
    paths = [base / f for f in files] if files else sorted(base.glob("*.js"))
    return [p for p in paths if p.is_file()]


def precache() -> list[list[str]]:
    """[url, content hash] for every shell file: pwa/ (but the worker) and the vendor files."""
    root, out = _pwa_dir(), []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and path.suffix in SERVED and rel != "sw.js" and not rel.startswith("."):
            out.append(["/" if rel == "index.html" else f"/{rel}", path])
    for name in VENDOR:
        out += [[f"/vendor/{name}/{p.name}", p] for p in _vendor_files(name)]
    return [[url, hashlib.sha256(p.read_bytes()).hexdigest()[:12]] for url, p in out]


def _send(folder: Path, name: str):
    if Path(name).suffix not in SERVED:
        abort(404)
    resp = send_from_directory(folder, name, mimetype=MIME.get(Path(name).suffix))
    resp.headers["Cache-Control"] = "no-cache"  # revalidate (ETag): cheap, never stale
    return resp


IMPORT_MAP = re.compile(r'<script type="importmap">(.*?)</script>', re.S)


@bp.get("/")
@bp.get("/index.html")
def index():
    """The shell. Its inline import map is the one inline script the policy allows, by hash
    (browsers load an import map only inline)."""
    resp = _send(_pwa_dir(), "index.html")
    html = (_pwa_dir() / "index.html").read_text(encoding="utf-8")
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
                      for m in IMPORT_MAP.findall(html))
    if hashes:
        policy = current_app.config.get("CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
        resp.headers["Content-Security-Policy"] = policy.replace(
            "script-src 'self'", f"script-src 'self' {hashes}", 1)
    return resp


@bp.get("/sw.js")
def service_worker():
    files = precache()
    version = hashlib.sha256(json.dumps(files).encode()).hexdigest()[:16]
    text = (_pwa_dir() / "sw.js").read_text(encoding="utf-8")
    text = text.replace('"__VERSION__"', json.dumps(version)).replace(
        "[/* PRECACHE */]", json.dumps(files))
    return Response(text, mimetype="text/javascript",
                    headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"})


@bp.get("/vendor/<name>/<filename>")
def vendor(name: str, filename: str):
    if name not in VENDOR or filename not in {p.name for p in _vendor_files(name)}:
        abort(404)
    return _send(Path(current_app.config["NODE_MODULES"]) / VENDOR[name][0], filename)


class ShellPath(PathConverter):
    """Any path but the API's: so that a GET of a POST-only API path is the API's 405
    (with Allow), and an unknown API path its JSON 404, never the shell."""
    regex = r"(?!api/)[^/].*?"


@bp.record_once
def _converters(state):
    state.app.url_map.converters["shell"] = ShellPath


@bp.get("/<shell:filename>")
def shell(filename: str):
    if filename.startswith("api/"):
        abort(404)  # an unknown API path answers the API's JSON error, never the shell
    return _send(_pwa_dir(), filename)
