"""Per-field last-writer-wins by hybrid logical clock.

Each record keeps, per field, the hlc of the edit that set it. An edit sets a field only
if its hlc is greater; because hlc strings end in the client id, equal times break ties
by client id, and the result does not depend on the order the edits arrive in.
"""
from __future__ import annotations

from typing import Any


def merge_fields(record: Any, values: dict, stamp: str, meta: dict) -> bool:
    """Merge `values` stamped `stamp` into `record`; return whether anything changed.

    `meta` (who, which device, when) follows the edit with the greatest hlc overall, so
    the record says who made the value it shows.
    """
    clocks = dict(record.field_hlc or {})
    changed = False
    for name, value in values.items():
        if stamp > clocks.get(name, ""):
            if getattr(record, name) != value:
                setattr(record, name, value)
                changed = True
            clocks[name] = stamp
    if stamp > (record.hlc or ""):
        record.hlc = stamp
        for name, value in meta.items():
            setattr(record, name, value)
        changed = True
    record.field_hlc = clocks  # a new dict, so the ORM sees the JSON change
    return changed


def take_over(record: Any, names, stamp: str) -> None:
    """Fields `names` of `record` were set outside any mutation (on the server, by the
    admin, who saw the record as it is): they take the clock `stamp` (the server's now),
    unless theirs is later already, so an edit made before hers no longer wins when it
    syncs afterwards, and one made after it does."""
    clocks = dict(record.field_hlc or {})
    for name in names:
        clocks[name] = max(clocks.get(name, ""), stamp)
    record.field_hlc = clocks
    record.hlc = max(record.hlc or "", stamp)
