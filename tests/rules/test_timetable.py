"""The gate times a day keeps, and which opening or closing counts for each, the same on
the server as on the phone (tests/vectors/timetable.json and gate_day.json;
test_shared_vectors_js runs the phone's code on them)."""
import datetime as dt
import json
from pathlib import Path

from server.gate import logged_for
from server.school import timetable_weekday

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "timetable.json").read_text())


def test_a_day_keeps_the_gate_times_of_its_calendar():
    got = [timetable_weekday(dt.date.fromisoformat(c["date"]), c["kind"], set(c["weekdays"]))
           for c in VECTORS["cases"]]
    assert got == [c["weekday"] for c in VECTORS["cases"]]


GATE_DAY = json.loads((Path(__file__).parents[1] / "vectors" / "gate_day.json").read_text())


def minute(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def test_each_gate_time_counts_the_opening_or_closing_logged_for_it():
    for case in GATE_DAY["cases"]:
        times = [(tid, kind, minute(at)) for tid, kind, at in case["times"]]
        events = [(eid, kind, slot, minute(at)) for eid, kind, slot, at in case["events"]]
        assert logged_for(times, events) == case["logged"], case["why"]
