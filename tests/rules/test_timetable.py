"""The gate times a day keeps, the same on the server as on the phone
(tests/vectors/timetable.json; test_shared_vectors_js runs pwa/calendar.js on it)."""
import datetime as dt
import json
from pathlib import Path

from server.school import timetable_weekday

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "timetable.json").read_text())


def test_a_day_keeps_the_gate_times_of_its_calendar():
    got = [timetable_weekday(dt.date.fromisoformat(c["date"]), c["kind"], set(c["weekdays"]))
           for c in VECTORS["cases"]]
    assert got == [c["weekday"] for c in VECTORS["cases"]]
