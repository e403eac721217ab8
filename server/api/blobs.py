"""PUT /api/blobs/<sha256>: photos taken offline arrive here before the mutation that
refers to them (one naming a photo the school lacks is refused, photo_missing, and applies
once it is up); the phone keeps a photo until this answer names its hash and size.
Idempotent: the same photo twice is stored once."""
from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, g, jsonify, request

from sync.engine import utcnow

from ..auth import login_required
from ..blobs import MIME, BlobRejected, FolderStorage, check
from ..errors import APIError
from ..extensions import db
from ..models import Blob
from .meta import documented

bp = Blueprint("blobs", __name__, url_prefix="/api/blobs")
SHA = re.compile(r"^[0-9a-f]{64}$")
NAMED = {"sha256": {"type": "string", "pattern": SHA.pattern,
                    "description": "the photo's SHA-256, lower-case hex"}}


def storage() -> FolderStorage:
    return FolderStorage(current_app.config["BLOB_DIR"])


def _sha(sha256: str) -> str:
    if not SHA.match(sha256):
        raise APIError(400, "bad_request", "a blob is named by its SHA-256 in lower-case hex")
    return sha256


@bp.put("/<sha256>")
@documented(path=NAMED, content={m: {"type": "string", "format": "binary"} for m in MIME.values()})
@login_required
def put(sha256: str):
    """Upload a photo by its SHA-256 (JPEG, PNG or WebP; size-limited)."""
    sha256 = _sha(sha256)
    limit = current_app.config["BLOB_MAX_BYTES"]
    if (request.content_length or 0) > limit:
        raise APIError(413, "too_large", f"a photo may be at most {limit // (1024 * 1024)} MiB")
    data = request.get_data(cache=False)
    try:
        mime = check(sha256, data, limit)
    except BlobRejected as e:
        raise APIError(413 if e.code == "too_large" else 422, e.code, str(e)) from None
    storage().put(sha256, data)
    if db.session.get(Blob, (g.actor.site_id, sha256)) is None:
        db.session.add(Blob(site_id=g.actor.site_id, sha256=sha256, size=len(data), mime=mime,
                            uploaded_by=g.actor.user_id, created_at=utcnow()))
    db.session.commit()
    return jsonify({"sha256": sha256, "size": len(data), "mime": mime})


@bp.get("/<sha256>")
@documented(path=NAMED)
@login_required
def get(sha256: str):
    """A photo this school uploaded."""
    row = db.session.get(Blob, (g.actor.site_id, _sha(sha256)))
    data = storage().get(sha256) if row else None
    if data is None:
        raise APIError(404, "not_found", "no such photo at this school")
    return Response(data, mimetype=row.mime,
                    headers={"Cache-Control": "private, max-age=31536000, immutable"})
