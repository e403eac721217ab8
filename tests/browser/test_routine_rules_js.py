"""pwa/screens/routines/rules.js, run in Chromium, says what server/rules/routines.py says:
which days an item is due (daily, weekly, monthly; holidays and make-up days), whether a
tick is on time, late or early, and which term a day is in, and names a tick alike."""
import datetime as dt

from server.rules.routines import due_on, term_of, timing
from sync.ids import natural_id

from .app import open_app

START = dt.date(2026, 8, 24)
DAYS = [START + dt.timedelta(days=i) for i in range(70)]
CALENDAR = {"2026-10-01": "holiday", "2026-10-02": "holiday", "2026-10-05": "holiday",
            "2026-10-10": "workday", "2026-09-01": "holiday"}
ITEMS = [{"key": "d", "label": "d", "freq": "daily"},
         {"key": "w", "label": "w", "freq": "weekly", "weekday": 3},
         {"key": "m1", "label": "m", "freq": "monthly", "monthday": 1},
         {"key": "m31", "label": "m", "freq": "monthly", "monthday": 31},
         {"key": "t", "label": "t", "start": "11:10", "end": "11:30"}]
TIMES = [("2026-09-03", "11:09"), ("2026-09-03", "11:10"), ("2026-09-03", "11:30"),
         ("2026-09-03", "11:31"), ("2026-09-04", "07:00"), ("2026-09-02", "23:59")]


def open_days() -> set[dt.date]:
    """The school days of the whole months the days fall in (as the server reads them)."""
    months = [dt.date(2026, 8, 1) + dt.timedelta(days=i) for i in range(92)]
    return {d for d in months if CALENDAR.get(d.isoformat(), "workday" if d.weekday() < 5 else "holiday") == "workday"}


def test_the_phone_and_the_server_agree_on_routines(live, phone):
    page = open_app(phone(), live.url, controlled=False)
    got = page.evaluate("""async ([days, calendar, items, times]) => {
      const r = await import('/screens/routines/rules.js');
      const cal = new Map(Object.entries(calendar));
      return {
        due: items.map((i) => days.filter((d) => r.dueOn(i, d, cal))),
        timing: times.map(([d, tm]) => r.timing(items[4], '2026-09-03', d, tm)),
        terms: days.map((d) => r.termOf(d)).concat(['2027-01-15', '2027-02-28', '2027-03-01'].map(r.termOf)),
        id: r.tickId('s', 't', 'k', '2026-09-03', 'o'),
      };
    }""", [[d.isoformat() for d in DAYS], CALENDAR, ITEMS, TIMES])
    opened = open_days()
    tz = dt.timezone(dt.timedelta(hours=8))
    assert got["due"] == [[d.isoformat() for d in DAYS if due_on(i, d, opened)] for i in ITEMS]
    assert got["timing"] == [timing(ITEMS[4], dt.date(2026, 9, 3), dt.datetime.combine(
        dt.date.fromisoformat(d), dt.time.fromisoformat(tm), tz)) for d, tm in TIMES]
    extra = [dt.date(2027, 1, 15), dt.date(2027, 2, 28), dt.date(2027, 3, 1)]
    assert got["terms"] == [term_of(d) for d in DAYS + extra]
    assert got["id"] == natural_id("s", "routine_tick", "t", "k", "2026-09-03", "o")
    assert got["due"][3] == ["2026-08-31"]  # the 31st: only August has one left, a Monday
    # The weekly Thursday item: Thursday 1 October and Friday 2 October are holidays, so
    # that week's is on the Wednesday before.
    assert [d for d in got["due"][1] if "2026-09-28" <= d <= "2026-10-04"] == ["2026-09-30"]
