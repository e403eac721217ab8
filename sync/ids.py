"""Deterministic ids for records with a natural key.

Two phones that create "the same" record offline (a child's morning check for a date)
must make one row, so its id is UUIDv5 of site, kind and key. pwa/ids.js computes the
same; tests/vectors/sync_vectors.json holds examples both must reproduce.
"""
from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("b3a1e7d2-5c4f-4a8e-9d6b-1f2e3c4d5a6b")


def natural_id(site_id: str, kind: str, *key: object) -> str:
    name = ":".join([str(site_id), kind, *(str(k) for k in key)])
    return str(uuid.uuid5(NAMESPACE, name))
