"""pwa/time.js reads the school's wall clock, whatever zone the phone is set to: the day a
check belongs to, the roster's session, the gate schedule's weekday and minute, the
routines' date and time all come from the one `schoolClock`."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from .app import open_app

INSTANTS = ["2026-11-26T16:30:00Z",   # Friday 00:30 in Shanghai, still Thursday in UTC
            "2026-11-27T02:59:59Z",   # Friday 10:59 in Shanghai: the morning check
            "2026-11-27T03:00:00Z",   # Friday 11:00: noon
            "2026-11-29T15:59:00Z",   # Sunday 23:59
            "2026-03-08T06:45:00Z"]   # a Sunday, as a phone in New York turns its clocks


def expected(instant: str, zone: str) -> dict:
    at = dt.datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    return {"date": at.date().isoformat(), "time": at.strftime("%H:%M"), "hour": at.hour,
            "minute": at.hour * 60 + at.minute, "weekday": at.weekday()}


@pytest.mark.parametrize("phone_zone", ["Asia/Shanghai", "America/New_York", "UTC"])
def test_the_school_clock_is_the_schools_whatever_the_phones_zone(live, phone, phone_zone):
    page = open_app(phone(timezone_id=phone_zone), live.url, controlled=False)
    got = page.evaluate("""async (instants) => {
      const t = await import('/time.js');
      const gate = await import('/screens/gate/data.js');
      const routines = await import('/screens/routines/rules.js');
      return instants.map((iso) => {
        const at = new Date(iso);
        const clock = t.schoolClock('Asia/Shanghai', at);
        return { clock, today: t.today('Asia/Shanghai', at), hour: t.schoolHour('Asia/Shanghai', at),
                 gate: gate.schoolNow({ timezone: 'Asia/Shanghai' }, at),
                 routines: routines.schoolNow('Asia/Shanghai', at),
                 urumqi: t.schoolClock('Asia/Urumqi', at) };
      });
    }""", INSTANTS)
    for instant, answer in zip(INSTANTS, got):
        want = expected(instant, "Asia/Shanghai")
        assert answer["clock"] == want, instant
        assert answer["gate"] == want and answer["routines"] == want
        assert (answer["today"], answer["hour"]) == (want["date"], want["hour"])
        assert answer["urumqi"] == expected(instant, "Asia/Urumqi")


@pytest.mark.parametrize("phone_zone", ["America/New_York", "UTC"])
def test_a_stored_time_is_told_on_the_school_clock(live, phone, phone_zone):
    """schoolTime: the HH:MM every screen shows of a stored time (a dose given, a check,
    the gate opened), on the school's clock; nothing for a missing or unreadable one."""
    page = open_app(phone(timezone_id=phone_zone), live.url, controlled=False)
    stored = [*INSTANTS, "2026-11-27T07:31:05.123+08:00", None, "", "not a time"]
    got = page.evaluate("""async (stored) => {
      const { schoolTime } = await import('/time.js');
      return stored.map((iso) => schoolTime(iso, 'Asia/Shanghai'));
    }""", stored)
    assert got == [*(expected(i, "Asia/Shanghai")["time"] for i in INSTANTS), "07:31", "", "", ""]


def test_a_zone_the_phone_does_not_know_falls_back_to_its_own_clock(live, phone):
    page = open_app(phone(timezone_id="Asia/Shanghai"), live.url, controlled=False)
    got = page.evaluate("""async (iso) => (await import('/time.js')).schoolClock('Nowhere/Atlantis', new Date(iso))""",
                        INSTANTS[0])
    assert got == expected(INSTANTS[0], "Asia/Shanghai")


def test_the_check_session_follows_the_school_clock_not_a_stale_pick(live, phone):
    """The session a tap records into: the school's clock picks it, holds it while someone
    works through a roster across 11:00, and picks again after half an hour without a tap
    or on a new day (the app stays open for days); a person's choice holds for the day."""
    page = open_app(phone(timezone_id="UTC"), live.url, controlled=False)
    got = page.evaluate("""async () => {
      const { checkSession, checkTapped, chooseCheckSession } = await import('/time.js');
      const at = (day, clock) => new Date(`2026-11-${day}T${clock}:00+08:00`);
      const tz = 'Asia/Shanghai';
      const out = [];
      const ask = (day, clock) => out.push([`${day} ${clock}`, checkSession(tz, at(day, clock))]);
      ask(26, '13:30');                       // opened yesterday afternoon: noon
      ask(27, '07:45');                       // this morning, the app still open: morning
      checkTapped(at(27, '10:58')); ask(27, '11:02');   // a roster begun before 11:00
      checkTapped(at(27, '11:03')); ask(27, '11:20');
      ask(27, '11:40');                       // nobody tapped for 37 minutes: noon
      chooseCheckSession(tz, 'morning', at(27, '11:45')); ask(27, '15:00');  // chosen
      ask(28, '07:40');                       // the next day, the clock again
      return out;
    }""")
    assert got == [["26 13:30", "noon"], ["27 07:45", "morning"], ["27 11:02", "morning"],
                   ["27 11:20", "morning"], ["27 11:40", "noon"], ["27 15:00", "morning"],
                   ["28 07:40", "morning"]]


@pytest.mark.parametrize("phone_zone", ["UTC", "Asia/Shanghai"])
def test_a_time_of_the_school_day_is_that_instant_whatever_the_phones_zone(live, phone, phone_zone):
    """schoolInstant: a drill's 10:00 typed at the school is 10:00 there, with the school's
    offset then (across a change of offset too)."""
    page = open_app(phone(timezone_id=phone_zone), live.url, controlled=False)
    asked = [["2026-11-27", "10:00", "Asia/Shanghai"], ["2026-03-08", "01:30", "America/New_York"],
             ["2026-03-08", "03:30", "America/New_York"], ["2026-07-01", "23:59", "Asia/Urumqi"]]
    got = page.evaluate("""async (asked) => {
      const { schoolInstant } = await import('/time.js');
      return asked.map(([d, t, z]) => schoolInstant(d, t, z));
    }""", asked)
    assert got == ["2026-11-27T10:00:00.000+08:00", "2026-03-08T01:30:00.000-05:00",
                   "2026-03-08T03:30:00.000-04:00", "2026-07-01T23:59:00.000+06:00"]


def test_a_stored_time_in_words_is_on_the_school_clock(live, phone):
    """localeTime (the reports' and admin screens' times, the bulletin's): the school's
    clock in the person's language; a zone the phone does not know, its own clock."""
    page = open_app(phone(timezone_id="UTC"), live.url, controlled=False)
    got = page.evaluate("""async () => {
      const { localeTime } = await import('/time.js');
      const hm = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
      return [localeTime('2026-11-27T23:45:00Z', 'zh-CN', 'Asia/Shanghai', hm),
              localeTime('2026-11-27T23:45:00Z', 'en', 'Asia/Shanghai', { dateStyle: 'medium' }),
              localeTime('2026-11-27T23:45:00Z', 'zh-CN', 'Nowhere/Atlantis', hm)];
    }""")
    assert got == ["07:45", "Nov 28, 2026", "23:45"]
