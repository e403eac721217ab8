"""Steps shared by the zones tests: the zones' QR codes, pictures to feed the camera input,
what the server holds."""
from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path

import requests
import segno
from PIL import Image

from .harness import api_login


def zone_codes(db_file) -> dict[str, dict]:
    """zone name → {id, kind, text}: what each zone's printed QR code says."""
    with closing(sqlite3.connect(db_file)) as conn:
        rows = conn.execute("SELECT id, name, kind, code FROM zones").fetchall()
    return {name: {"id": zid, "kind": kind, "text": f"sanguan:zone:{zid}:{code}"} for zid, name, kind, code in rows}


def qr_png(folder: Path, text: str, name: str = "label.png") -> Path:
    path = folder / name
    segno.make(text, error="m").save(str(path), scale=8, border=4)
    return path


def photo_jpeg(folder: Path, size=(3000, 2000), name="photo.jpg") -> Path:
    img = Image.linear_gradient("L").resize(size).convert("RGB")
    path = folder / name
    img.save(path, "JPEG", quality=90)
    return path



def blob(base_url: str, sha: str, username: str = "admin") -> Image.Image | None:
    token = api_login(base_url, username)["token"]
    r = requests.get(f"{base_url}/api/blobs/{sha}", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return Image.open(io.BytesIO(r.content)) if r.ok else None


def sync_now(page) -> None:
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
