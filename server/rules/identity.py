"""Identity documents at the gate: the mainland ID card's check digit (GB 11643-1999),
masking for display, and the hash phones match the block list with."""
from __future__ import annotations

import datetime as dt
import hashlib
import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
CN_ID = re.compile(r"^\d{17}[\dX]$")


class InvalidIdNumber(ValueError):
    """Not a valid mainland ID card number."""


def normalise(number: str) -> str:
    return re.sub(r"\s+", "", number or "").upper()


def check_cn_id(number: str) -> str:
    """The normalised number if its format, birth date and check digit are right."""
    n = normalise(number)
    if not CN_ID.match(n):
        raise InvalidIdNumber("an ID card number has 17 digits and a check digit (0–9 or X)")
    try:
        dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise InvalidIdNumber("the birth date inside the ID number is not a date") from None
    if CHECK[sum(int(d) * w for d, w in zip(n[:17], WEIGHTS)) % 11] != n[17]:
        raise InvalidIdNumber("the ID number's check digit is wrong; look at it again")
    return n


def mask(number: str | None) -> str | None:
    """First 3 and last 4 characters shown, the rest starred."""
    n = normalise(number or "")
    if not n:
        return None
    if len(n) <= 7:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


def id_hash(site_id: str, number: str | None) -> str | None:
    """What phones compare to match the block list offline, without holding numbers."""
    n = normalise(number or "")
    return hashlib.sha256(f"{site_id}:{n}".encode()).hexdigest() if n else None
