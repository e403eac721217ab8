"""pwa/hlc.js and pwa/ids.js, run in Chromium, reproduce the vectors that sync/ (pytest)
reproduces: the phone and the server stamp and name records alike."""
import json
import shutil
from pathlib import Path

import pytest

from .app import open_app
from .harness import LiveServer, new_phone

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "sync_vectors.json").read_text())


@pytest.fixture(scope="module")
def served(demo_db, tmp_path_factory, browser):
    """One server and one phone for these read-only checks; a fresh page for each."""
    tmp = tmp_path_factory.mktemp("vectors")
    server = LiveServer(Path(shutil.copy(demo_db, tmp / "sanguan.db")), tmp / "server.log").start()
    ctx = new_phone(browser)
    yield server, ctx
    ctx.close()
    server.stop()


@pytest.fixture
def page(served):
    server, ctx = served
    page = open_app(ctx, server.url, controlled=False)
    yield page
    page.close()


def test_js_clock_steps_give_the_stamps_in_the_vectors(page):
    got = page.evaluate("""async (v) => {
      const { Clock, parse } = await import('/hlc.js');
      const clock = new Clock(v.node);
      return v.steps.map((s) => s.op === 'now' ? clock.now(s.wall_ms)
                                               : clock.receive(parse(s.remote), s.wall_ms));
    }""", VECTORS["hlc"])
    assert got == [s["expect"] for s in VECTORS["hlc"]["steps"]]


def test_js_hlc_string_order_is_clock_order(page):
    stamps = VECTORS["hlc"]["sorted"]
    got = page.evaluate("""async (stamps) => {
      const { parse } = await import('/hlc.js');
      const key = (s) => { const p = parse(s); return [p.ms, p.counter, p.node]; };
      const cmp = (a, b) => { const x = key(a), y = key(b);
        for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1; return 0; };
      return { byClock: [...stamps].reverse().sort(cmp), byString: [...stamps].reverse().sort() };
    }""", stamps)
    assert got == {"byClock": stamps, "byString": stamps}


def test_js_natural_ids_match_the_vectors_without_secure_context_crypto(page):
    # On a LAN address over http there is no crypto.randomUUID nor crypto.subtle.
    got = page.evaluate("""async (cases) => {
      delete Crypto.prototype.randomUUID;
      Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined });
      const { naturalId, newId } = await import('/ids.js');
      const fresh = [];
      for (let i = 0; i < 50; i += 1) fresh.push(newId());
      return { ids: cases.map((c) => naturalId(c.site_id, c.kind, ...c.key)), fresh };
    }""", VECTORS["natural_id"]["cases"])
    assert got["ids"] == [c["id"] for c in VECTORS["natural_id"]["cases"]]
    # new ids are UUIDv7, time-ordered: each one sorts after the one made before it
    assert all(len(i) == 36 and i[14] == "7" for i in got["fresh"])
    assert got["fresh"] == sorted(got["fresh"]) and len(set(got["fresh"])) == 50



def test_js_class_order_is_the_servers(page):
    """pwa/classes.js lists classes as server/school.py does (tests/rules/test_class_order.py)."""
    v = json.loads((Path(__file__).parents[1] / "vectors" / "class_order.json").read_text())
    got = page.evaluate("""async (v) => {
      const { byClass, readNumeral } = await import('/classes.js');
      const classes = v.classes.map(([name, grade]) => ({ name, grade }));
      return { orders: [classes, [...classes].reverse()].map((c) => [...c].sort(byClass).map((x) => x.name)),
               numerals: Object.fromEntries(Object.keys(v.numerals).map((k) => [k, readNumeral(k)])) };
    }""", v)
    assert got["orders"] == [v["order"], v["order"]]
    assert got["numerals"] == v["numerals"]


def test_js_names_sort_as_the_servers(page):
    """pwa/classes.js sorts names as server/school.py's name_key (tests/rules/
    test_class_order.py): a roster reads alike on the phone and the printed forms."""
    v = json.loads((Path(__file__).parents[1] / "vectors" / "names.json").read_text())
    got = page.evaluate("""async (v) => {
      const { byName } = await import('/classes.js');
      const rows = v.names.map((name) => ({ name }));
      return [rows, [...rows].reverse()].map((r) => [...r].sort(byName).map((x) => x.name));
    }""", v)
    assert got == [v["order"], v["order"]]


def test_js_people_sort_as_the_servers(page):
    """pwa/classes.js byPerson reads surnames as server/school.py's person_key does, from
    the same table."""
    from server.school import SURNAMES
    v = json.loads((Path(__file__).parents[1] / "vectors" / "names.json").read_text())
    got = page.evaluate("""async (v) => {
      const { byPerson, SURNAMES } = await import('/classes.js');
      const rows = v.people.map((name) => ({ name }));
      return { orders: [rows, [...rows].reverse()].map((r) => [...r].sort(byPerson).map((x) => x.name)),
               surnames: Object.fromEntries(SURNAMES) };
    }""", v)
    assert got["orders"] == [v["people_order"], v["people_order"]]
    assert got["surnames"] == SURNAMES


def test_js_timetable_weekday_is_the_servers(page):
    """pwa/calendar.js picks a day's gate times as server/school.py does
    (tests/rules/test_timetable.py)."""
    v = json.loads((Path(__file__).parents[1] / "vectors" / "timetable.json").read_text())
    got = page.evaluate("""async (cases) => {
      const { timetableWeekday } = await import('/calendar.js');
      return cases.map((c) => timetableWeekday(
        c.date, new Map(c.kind ? [[c.date, c.kind]] : []), new Set(c.weekdays)));
    }""", v["cases"])
    assert got == [c["weekday"] for c in v["cases"]]


def test_js_gate_day_is_the_servers(page):
    """The guard's screen counts the same opening or closing for each gate time as
    server/gate.py (tests/rules/test_timetable.py)."""
    v = json.loads((Path(__file__).parents[1] / "vectors" / "gate_day.json").read_text())
    got = page.evaluate("""async (cases) => {
      const { schedule } = await import('/screens/gate/data.js');
      const day = '2026-11-23';  // a Monday
      const user = { timezone: 'Asia/Shanghai' };
      const at = (hhmm) => `${day}T${hhmm}:00+08:00`;
      return cases.map((c) => {
        const times = c.times.map(([id, kind, hhmm]) => ({ id, kind, weekday: 0, at: `${hhmm}:00`, label: '' }));
        const events = c.events.map(([id, kind, slot, hhmm]) => (
          { id, kind, gate_time_id: slot, date: day, device_time: at(hhmm), late_minutes: null }));
        const { slots } = schedule(user, times, events.reverse(), new Map(), new Date(at('23:00')));
        return Object.fromEntries(slots.map((s) => [s.id, s.event ? s.event.id : null]));
      });
    }""", v["cases"])
    assert got == [c["logged"] for c in v["cases"]]
