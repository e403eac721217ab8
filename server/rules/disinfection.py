"""Disinfection checked against the national minimums for kindergartens
(托儿所幼儿园卫生保健工作规范, 2012, annex 3). Every number here is a site's default;
a site may set its own (stricter) values in its settings.

A record below the minimum is still kept — it is evidence — and carries its findings.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

ITEMS = ("air", "surfaces_toys", "tableware", "towels", "bedding", "door_handles", "toilets")
# method → the unit its amount is measured in
METHODS = {"uv": "min", "chlorine": "mg/L", "boiling": "min", "steaming": "min",
           "airing": "min", "sun_drying": "h"}

# The largest amount a round may give, in its method's unit: 100000 mg/L is 10 %
# available chlorine, stronger than any stock solution; a round lasts at most a day, as
# a timed one must (1440 minutes, 24 hours), so more is a slip of the finger.
# disinfection.record refuses more, and the phones (through the site record in the feed)
# refuse it before saving.
UNIT_MAX = {"mg/L": 100000, "min": 1440, "h": 24}
AMOUNT_MAX = max(UNIT_MAX.values())


def amount_max(method: str) -> float:
    """The largest amount a round by `method` may give, in the method's unit."""
    return UNIT_MAX[METHODS[method]]

DEFAULT_RULES = {
    # minimum amount per method, per item ("*" for any item)
    "minimum": {
        "uv": {"*": 60},                                   # UV lamp, empty room
        "airing": {"*": 10},                               # 10–15 minutes a round
        "boiling": {"tableware": 15, "towels": 15, "*": 15},
        "steaming": {"tableware": 10, "towels": 10, "*": 10},
        "sun_drying": {"*": 6},                            # towels, bedding: 6 hours
        "chlorine": {"surfaces_toys": 250, "door_handles": 250, "toilets": 500, "*": 250},
    },
    # chlorine in the observation room (isolating sick children) as for toilets
    "observation_room_chlorine": 500,
    # the rounds each room needs each day, per item, and the methods that count
    "daily": {"air": 2, "surfaces_toys": 1, "tableware": 3, "towels": 1, "door_handles": 1},
    "allowed_methods": {
        "air": ["airing", "uv"], "surfaces_toys": ["chlorine", "uv"],
        "tableware": ["boiling", "steaming", "chlorine"],
        "towels": ["sun_drying", "boiling", "steaming", "chlorine"],
        "bedding": ["sun_drying", "uv"], "door_handles": ["chlorine"],
        "toilets": ["chlorine"],
    },
    # outbreak mode: more rounds, stronger chlorine, until it is turned off
    "outbreak": {"rounds_factor": 2, "chlorine_factor": 2},
}


@dataclass(frozen=True)
class Finding:
    code: str      # "below_minimum", "method_not_for_item"
    message: str


def rules_for(site_settings: dict | None) -> dict:
    """The defaults with the site's own values laid over them."""
    rules = copy.deepcopy(DEFAULT_RULES)
    for key, value in ((site_settings or {}).get("disinfection") or {}).items():
        if isinstance(value, dict) and isinstance(rules.get(key), dict):
            for k, v in value.items():
                if isinstance(v, dict) and isinstance(rules[key].get(k), dict):
                    rules[key][k].update(v)
                else:
                    rules[key][k] = v
        else:
            rules[key] = value
    return rules


def minimum(rules: dict, item: str, method: str, observation_room: bool = False,
            outbreak: bool = False) -> float | None:
    by_item = rules["minimum"].get(method, {})
    need = by_item.get(item, by_item.get("*"))
    if method == "chlorine":
        if observation_room:
            need = max(need or 0, rules["observation_room_chlorine"])
        if outbreak and need is not None:
            need *= rules["outbreak"]["chlorine_factor"]
    return need


def check(rules: dict, item: str, method: str, amount: float, observation_room: bool = False,
          outbreak: bool = False) -> list[Finding]:
    findings = []
    if method not in rules["allowed_methods"].get(item, METHODS):
        findings.append(Finding("method_not_for_item", f"{method} does not disinfect {item}"))
    need = minimum(rules, item, method, observation_room, outbreak)
    if need is not None and amount < need:
        findings.append(Finding("below_minimum",
                                f"{amount:g} {METHODS[method]} is below the minimum of "
                                f"{need:g} {METHODS[method]}"))
    return findings


def daily_needs(rules: dict, room_needs: dict[str, int] | None = None) -> dict[str, int]:
    """The rounds a room needs each day, per item: the room's own needs if the admin set
    them (exactly those), else the site's daily defaults. An item needed 0 times is not
    due in that room (a room without tableware)."""
    return {item: n for item, n in (room_needs or rules["daily"]).items() if n}


def rounds_due(rules: dict, item: str, outbreak: bool = False,
               room_needs: dict[str, int] | None = None) -> int:
    n = daily_needs(rules, room_needs).get(item, 0)
    return n * rules["outbreak"]["rounds_factor"] if outbreak and n else n


def chlorine_mg_per_l(tablet_mg: float, tablets: float, litres: float) -> float:
    """The dilution helper: tablets of a given available-chlorine strength in water."""
    if litres <= 0:
        raise ValueError("litres must be more than 0")
    return round(tablet_mg * tablets / litres, 1)
