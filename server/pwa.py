"""Serves the installable app in pwa/ from the same origin as the API.

`/sw.js` is the hand-written worker with its file lists and a version filled in here,
each file with its content hash, so any deploy changes the worker's bytes and the browser
installs the new version:

- the shell, precached on install: what it takes to start, sign in and show the status
  strip (index.html, what it links, and the modules app.js imports statically);
- each area's files (pwa/areas/<name>.js, everything it imports, statically or with a
  literal `import('…')`, that the shell does not hold already, the vendor files among
  them), fetched into the same cache once someone of a role that uses the area signs in;
- which areas each role uses (AREA_ROLES).

The lists are read from the files themselves (their import statements and index.html's
import map), so a new screen is listed as soon as an area imports it.

Front-end packages come from the npm install, mapped under `/vendor/` (see the import
map in index.html). Static answers are gzipped once per process and file version, with
`Vary: Accept-Encoding` and an ETag of their own; nothing under /api/ passes through here.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import posixpath
import re
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request
from werkzeug.routing import PathConverter

from .models import ROLES
from .security import CONTENT_SECURITY_POLICY

bp = Blueprint("pwa", __name__)

# npm package → (folder inside node_modules, files the app needs). Only these are served.
VENDOR = {"idb": ("idb/build", ["index.js"]), "uuid": ("uuid/dist", None),
          "jsqr": ("jsqr/dist", ["jsQR.js"]),  # a UMD script: import() it, it sets self.jsQR
          "uqr": ("uqr/dist", ["index.mjs"]),
          "noble-hashes": ("@noble/hashes", ["sha2.js", "_md.js", "_u64.js", "utils.js"])}
SERVED = {".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".png", ".svg", ".ico", ".txt"}
MIME = {".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html",
        ".webmanifest": "application/manifest+json", ".css": "text/css",
        ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
        ".ico": "image/x-icon", ".txt": "text/plain"}
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".svg", ".txt"}

# Which roles use each area (pwa/areas/<name>.js), as each area's nav offers its screens:
# the health area's to everyone but the guard, the admin's to the admin, the others to
# every member of staff. An area missing here is kept for every role (offline first).
AREA_ROLES = {
    "health": ("admin", "health", "caregiver"),
    "admin": ("admin",),
    "gate": ROLES, "zones": ROLES, "routines": ROLES, "reports": ROLES, "bulletin": ROLES,
}

IMPORT_MAP = re.compile(r'<script type="importmap">(.*?)</script>', re.S)
# `import x from '…'`, `import '…'`, `export … from '…'` and a literal `import('…')`.
STATIC_IMPORT = re.compile(
    r"""^\s*(?:import\s*(?:[\w*{}\s,$]+\sfrom\s*)?|export\s*[\w*{}\s,$]+\sfrom\s*)['"]([^'"\n]+)['"]""",
    re.M)
DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*['"]([^'"\n]+)['"]\s*\)""")
HTML_REF = re.compile(r"""<(?:link|script)\b[^>]*?\b(?:href|src)="(/[^"#?]*)\"""")


def _pwa_dir() -> Path:
    return Path(current_app.config["PWA_DIR"])


def _vendor_files(name: str) -> list[Path]:
    folder, files = VENDOR[name]
    base = Path(current_app.config["NODE_MODULES"]) / folder
    paths = [base / f for f in files] if files else sorted(base.glob("*.js"))
    return [p for p in paths if p.is_file()]


# Per process, each file's bytes, digest and gzipped bytes, read again when it changes.
_files: dict[Path, tuple[tuple[int, int], bytes, str, bytes | None]] = {}


def _file(path: Path) -> tuple[bytes, str, bytes | None]:
    """(bytes, sha256 hex, gzipped bytes or None) of a file, computed once a version."""
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _files.get(path)
    if hit is None or hit[0] != stamp:
        data = path.read_bytes()
        packed = gzip.compress(data, 9, mtime=0) if path.suffix in COMPRESSIBLE else None
        hit = _files[path] = (stamp, data, hashlib.sha256(data).hexdigest(),
                              packed if packed is not None and len(packed) < len(data) else None)
    return hit[1], hit[2], hit[3]


def _digest(path: Path) -> str:
    return _file(path)[1][:12]


class _Graph:
    """URLs of the app's files and what each imports, read from the files on disk."""

    def __init__(self):
        self.root = _pwa_dir()
        html = (self.root / "index.html").read_text(encoding="utf-8")
        self.imports = {}
        for block in IMPORT_MAP.findall(html):
            self.imports.update(json.loads(block).get("imports", {}))
        self.html_refs = HTML_REF.findall(html)
        self.vendor = {f"/vendor/{name}/{p.name}": p for name in VENDOR for p in _vendor_files(name)}

    def path(self, url: str) -> Path | None:
        """The file behind a URL the server serves, or None."""
        if url in self.vendor:
            return self.vendor[url]
        rel = "index.html" if url == "/" else url.lstrip("/")
        path = self.root / rel
        ok = (path.suffix in SERVED and rel != "sw.js" and not rel.startswith(".")
              and path.resolve().is_relative_to(self.root.resolve()) and path.is_file())
        return path if ok else None

    def resolve(self, spec: str, base: str) -> str:
        if spec in self.imports:
            return self.imports[spec]
        if spec.startswith(("./", "../")):
            return posixpath.normpath(posixpath.join(posixpath.dirname(base), spec))
        return spec

    def refs(self, url: str, dynamic: bool) -> list[str]:
        path = self.path(url)
        if path is None or path.suffix not in {".js", ".mjs"}:
            return []
        text = _file(path)[0].decode("utf-8")
        specs = STATIC_IMPORT.findall(text) + (DYNAMIC_IMPORT.findall(text) if dynamic else [])
        return [self.resolve(s, url) for s in specs]

    def closure(self, start: list[str], dynamic: bool) -> list[str]:
        seen, todo = [], list(start)
        while todo:
            url = todo.pop()
            if url in seen or self.path(url) is None:
                continue
            seen.append(url)
            todo += self.refs(url, dynamic)
        return seen

    def shell(self) -> list[str]:
        modules = [u for u in self.html_refs if u.endswith((".js", ".mjs"))]
        others = [u for u in self.html_refs if u not in modules]
        manifest = self.path("/manifest.webmanifest")
        icons = ([i["src"] for i in json.loads(manifest.read_text(encoding="utf-8")).get("icons", [])]
                 if manifest else [])
        return sorted(set(["/"] + others + icons + self.closure(modules, dynamic=False)))

    def areas(self) -> dict[str, list[str]]:
        shell = set(self.shell())
        out = {}
        for path in sorted((self.root / "areas").glob("*.js")):
            if path.stem == "index":
                continue
            url = f"/areas/{path.name}"
            out[path.stem] = sorted(set(self.closure([url], dynamic=True)) - shell)
        return out


def _hashed(urls: list[str], graph: _Graph) -> list[list[str]]:
    return [[url, _digest(graph.path(url))] for url in urls]


_manifests: dict[tuple, dict] = {}


def _fingerprint() -> tuple:
    """Which version of every file the lists are read from: path, mtime and size."""
    paths = list(_pwa_dir().rglob("*")) + [p for name in VENDOR for p in _vendor_files(name)]
    stamps = []
    for path in sorted(paths):
        if path.is_file():
            st = path.stat()
            stamps.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(stamps)


def manifest() -> dict:
    """The worker's lists: `shell` and each area's files as [url, content hash], and the
    areas each role uses. Read again whenever a file changes (a deploy)."""
    key = _fingerprint()
    if key not in _manifests:
        _manifests.clear()
        _manifests[key] = _read_manifest()
    return _manifests[key]


def _read_manifest() -> dict:
    graph = _Graph()
    areas = graph.areas()
    return {
        "shell": _hashed(graph.shell(), graph),
        "areas": {name: _hashed(urls, graph) for name, urls in areas.items()},
        "roles": {role: [a for a in areas if role in AREA_ROLES.get(a, ROLES)] for role in ROLES},
    }


def precache() -> list[list[str]]:
    """[url, content hash] of the shell, precached when the worker installs."""
    return manifest()["shell"]


def role_files(role: str) -> list[list[str]]:
    """[url, content hash] of every file a role's areas need beyond the shell."""
    lists = manifest()
    seen = {}
    for area in lists["roles"].get(role, []):
        seen.update(dict(lists["areas"][area]))
    return sorted([url, digest] for url, digest in seen.items())


def _answer(data: bytes, digest: str, packed: bytes | None, mimetype: str) -> Response:
    """A static answer: gzipped where the client takes it, revalidated by ETag (no-cache:
    cheap, never stale), a 304 where the client's copy is current."""
    gz = packed is not None and "gzip" in request.accept_encodings
    resp = Response(packed if gz else data, mimetype=mimetype)
    resp.headers["Cache-Control"] = "no-cache"
    resp.vary.add("Accept-Encoding")
    if gz:
        resp.headers["Content-Encoding"] = "gzip"
    resp.set_etag(digest[:20] + ("-gz" if gz else ""))
    return resp.make_conditional(request)


def _send(path: Path) -> Response:
    if path.suffix not in SERVED or not path.is_file():
        abort(404)
    data, digest, packed = _file(path)
    return _answer(data, digest, packed, MIME.get(path.suffix, "application/octet-stream"))


APP_SCRIPT = re.compile(r'<script type="module" src="/app\.js"></script>')


def _with_preloads(html: str) -> str:
    """index.html with a modulepreload hint for every module of the shell, after the
    import map: the browser fetches them all at once instead of one level of imports
    after another (six levels deep, from the worker's cache too)."""
    modules = [url for url, _ in precache() if url.endswith((".js", ".mjs")) and url != "/app.js"]
    links = "".join(f'<link rel="modulepreload" href="{url}">\n  ' for url in modules)
    return APP_SCRIPT.sub(lambda m: links + m.group(0), html, count=1)


@bp.get("/")
@bp.get("/index.html")
def index():
    """The shell. Its inline import map is the one inline script the policy allows, by hash
    (browsers load an import map only inline)."""
    html = _file(_pwa_dir() / "index.html")[0].decode("utf-8")
    page = _with_preloads(html).encode("utf-8")
    resp = _answer(page, hashlib.sha256(page).hexdigest(), gzip.compress(page, 9, mtime=0), "text/html")
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
                      for m in IMPORT_MAP.findall(html))
    if hashes:
        policy = current_app.config.get("CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
        resp.headers["Content-Security-Policy"] = policy.replace(
            "script-src 'self'", f"script-src 'self' {hashes}", 1)
    return resp


@bp.get("/sw.js")
def service_worker():
    lists = manifest()
    version = hashlib.sha256(json.dumps(lists, sort_keys=True).encode()).hexdigest()[:16]
    text = _file(_pwa_dir() / "sw.js")[0].decode("utf-8")
    text = (text.replace('"__VERSION__"', json.dumps(version))
            .replace("[/* SHELL */]", json.dumps(lists["shell"]))
            .replace("{/* AREAS */}", json.dumps(lists["areas"]))
            .replace("{/* ROLES */}", json.dumps(lists["roles"])))
    data = text.encode("utf-8")
    resp = _answer(data, hashlib.sha256(data).hexdigest(), gzip.compress(data, 6, mtime=0),
                   "text/javascript")
    resp.headers["Service-Worker-Allowed"] = "/"
    return resp


@bp.get("/vendor/<name>/<filename>")
def vendor(name: str, filename: str):
    if name not in VENDOR:
        abort(404)
    files = {p.name: p for p in _vendor_files(name)}
    if filename not in files:
        abort(404)
    return _send(files[filename])


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
    root = _pwa_dir().resolve()
    path = (root / filename).resolve()
    if not path.is_relative_to(root) or any(p.startswith(".") for p in Path(filename).parts):
        abort(404)
    return _send(path)
