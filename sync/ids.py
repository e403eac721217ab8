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
    name = ":".join([str(site_id), kind, *(k if type(k) is str else str(k) for k in key)])
    h = hashlib.sha1(_PREFIX + name.encode()).hexdigest()
    # The version (5) and the RFC 4122 variant (10xx) written over their hex digits.
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_VARIANT = {d: "89ab"[int(d, 16) & 3] for d in "0123456789abcdef"}
