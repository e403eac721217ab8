"""Photos a mutation refers to must be at the server first.

A phone uploads a photo (PUT /api/blobs/<sha256>) before it pushes the change that uses
it, and keeps it until the server has confirmed it. A change naming a photo the school
does not have is refused (`photo_missing`), never applied pointing at nothing: the phone
keeps it, with the reason, and sends it again once the photo is up (PROTOCOL.md, "Photos").
"""
from __future__ import annotations

from sqlalchemy import select

from server.models import Blob
from sync.errors import PhotoMissing
from sync.registry import Context

_HAVE = "photos.have"  # ctx.cache: the photos this batch found at the school


def require_photos(ctx: Context, shas, field: str = "photos") -> None:
    """Raise PhotoMissing unless every photo of `shas` was uploaded to this school
    (`field`: the argument that names them, for the answer's detail)."""
    wanted = {s for s in shas or () if s}
    have = ctx.cache.setdefault(_HAVE, set())
    unknown = wanted - have
    if unknown:
        have.update(ctx.session.execute(select(Blob.sha256).where(
            Blob.site_id == ctx.actor.site_id, Blob.sha256.in_(sorted(unknown)))).scalars())
    missing = sorted(wanted - have)
    if missing:
        raise PhotoMissing(f"photo {missing[0][:12]}… has not reached the server: upload it "
                           "(PUT /api/blobs/<sha256>) before the change that uses it",
                           {f"args.{field}": missing})
