"""Deterministic ids for records with a natural key.

Two phones that create "the same" record offline (a child's morning check for a date)
must make one row, so its id is UUIDv5 of site, kind and key. pwa/ids.js computes the
same; tests/vectors/sync_vectors.json holds examples both must reproduce.
"""
from __future__ import annotations

import hashlib
import uuid

NAMESPACE = uuid.UUID("b3a1e7d2-5c4f-4a8e-9d6b-1f2e3c4d5a6b")
_PREFIX = NAMESPACE.bytes


def natural_id(site_id: str, kind: str, *key: object) -> str:
    """str(uuid.uuid5(NAMESPACE, name)), without the UUID object: a push of 500 checks
    makes a thousand of these."""
    name = ":".join([str(site_id), kind, *(str(k) for k in key)])
    digest = bytearray(hashlib.sha1(_PREFIX + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
