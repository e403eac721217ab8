"""The guard's phone starts at the gate: the guard records no health checks, so Today's
roster (whose taps the server refuses from a guard) is never offered."""
import datetime as dt
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .app import idb_all, open_app, sign_in
from .routines_helpers import calendar_day, phone_at
from tests.conftest import today


def expect_todays_gate(page) -> None:
    """Today's openings and closings on the gate's screen: the demo school's gate opens
    Monday to Friday (its own clock), so on its weekend the screen says it is closed."""
    if dt.datetime.now(ZoneInfo("Asia/Shanghai")).weekday() < 5:
        expect(page.locator("#main[data-screen=gate] li.slot").first).to_be_visible()
    else:
        expect(page.get_by_test_id("closed-today")).to_contain_text("不用按时开关门")


def test_the_guard_starts_at_the_gate_and_is_never_offered_the_health_check_roster(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "guard")
    expect(page).to_have_url(f"{live.url}/#/gate")
    expect_todays_gate(page)
    nav = page.locator("#nav a")
    expect(nav.first).to_have_attribute("href", "#/gate")
    expect(page.locator("#nav a[href='#/today']")).to_have_count(0)
    # Today, or a check typed in by hand, is the gate too: nothing a guard can't record.
    for route in ("#/today", "#/check/some-child/morning"):
        page.evaluate("r => { location.hash = r; }", route)
        expect(page).to_have_url(f"{live.url}/#/gate")
        expect(page.locator("#main[data-screen=gate]")).to_be_visible()
    expect(page.locator("button.mark")).to_have_count(0)
    assert idb_all(page, "outbox") == []


def test_a_caregiver_still_starts_at_today_with_the_roster(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "teacher1")
    expect(page.locator("#nav a").first).to_have_attribute("href", "#/today")
    expect(page.locator("#main[data-screen=today] button.mark.normal").first).to_be_visible()


def test_a_pull_landing_while_the_sign_in_form_is_still_mounted_draws_the_home(live, phone):
    """Just after a sign-in the form stays mounted while the home is drawn; a pull that
    lands then (after the home read the store) must draw it again, not be held back as if
    someone were typing into the sign-in form."""
    page = open_app(phone(), live.url)
    sign_in(page, "guard")
    page.evaluate("""() => {
      const main = document.querySelector('#main');
      main.dataset.screen = 'signin';
      main.replaceChildren();
    }""")
    page.evaluate("import('/bus.js').then((b) => b.changed('pull', { local: true }))")
    expect_todays_gate(page)


def test_how_late_reads_in_hours_past_the_hour(live, phone):
    page = open_app(phone(), live.url, controlled=False)
    said = page.evaluate("""async () => {
      const { lateBy } = await import('/screens/gate/home.js');
      const { toggleLocale } = await import('/i18n.js');
      const zh = [1, 59, 60, 885].map(lateBy);
      await toggleLocale();
      return [zh, [1, 59, 60, 885].map(lateBy)];
    }""")
    assert said == [["1 分钟", "59 分钟", "1 小时 0 分", "14 小时 45 分"],
                    ["1 min", "59 min", "1 h 0 min", "14 h 45 min"]]


def test_the_screen_asks_for_the_opening_or_closing_at_hand(live, phone):
    """What is due now is the latest slot due and not logged: an opening missed at 07:30 is
    flagged in the day's list, not asked for all day instead of the 08:45 closing."""
    page = open_app(phone(), live.url, controlled=False)
    asked = page.evaluate("""async () => {
      const { schedule } = await import('/screens/gate/data.js');
      const user = { timezone: 'Asia/Shanghai' };
      const day = '2026-11-27';  // a Friday: weekday 4, as the server's gate_time counts
      const times = [['open', '07:30'], ['close', '08:45'], ['open', '16:30'], ['close', '17:30']]
        .map(([kind, at], i) => ({ id: `t${i}`, weekday: 4, kind, at: `${at}:00`, label: '' }));
      const at = (clock) => new Date(`${day}T${clock}:00+08:00`);
      const opened = [{ kind: 'open', date: day, device_time: `${day}T07:31:00+08:00`,
                        gate_time_id: 't0', late_minutes: 1 }];
      const closed = [...opened, { kind: 'close', date: day, device_time: `${day}T08:44:00+08:00`,
                                   gate_time_id: 't1', late_minutes: 0 }];
      const ask = (events, clock) => {
        const { slots, next, unscheduled } = schedule(user, times, events, new Map(), at(clock));
        return [clock, next && next.at.slice(0, 5), slots[0].event ? 'logged' : slots[0].late,
                ...unscheduled.map((e) => e.device_time.slice(11, 16))];
      };
      const extra = { kind: 'open', date: day, device_time: `${day}T12:10:00+08:00`, late_minutes: 0 };
      return [ask([], '07:00'), ask([], '07:20'), ask([], '08:46'), ask(opened, '08:46'),
              ask(closed, '10:00'), ask([], '23:00'), ask([...closed, ...closed.map((e, i) => (
                { ...e, gate_time_id: `t${i + 2}`, device_time: `${day}T1${6 + i}:30:00+08:00` }))], '23:00'),
              ask([...opened, extra], '12:30')];
    }""")
    assert asked == [["07:00", "07:30", 0], ["07:20", "07:30", 0], ["08:46", "08:45", 76],
                     ["08:46", "08:45", "logged"], ["10:00", "16:30", "logged"],
                     ["23:00", "17:30", 930], ["23:00", None, "logged"],
                     ["12:30", "08:45", "logged", "12:10"]]


def test_the_gate_times_follow_the_school_calendar(live, phone):
    """On a holiday nothing is due at the gate (no "overdue" opening all day), and on a
    make-up Saturday the guard is asked for Monday's opening, as the server counts it."""
    monday = dt.date.fromisoformat(today()) - dt.timedelta(weeks=1)
    monday -= dt.timedelta(days=monday.weekday())
    saturday = monday + dt.timedelta(days=5)
    calendar_day(live.url, saturday, "workday")  # a make-up workday (调休上班)
    calendar_day(live.url, monday, "holiday")
    page = phone_at(phone(), live.url, "guard", "09:00", day=monday)
    expect(page.get_by_test_id("closed-today")).to_contain_text("不用按时开关门")
    expect(page.get_by_test_id("gate-due")).to_have_count(0)
    expect(page.locator("li.slot")).to_have_count(0)
    # Still recorded, and listed as done outside the timetable.
    page.locator("button[data-log=open]").click()
    logged = page.locator("li.slot[data-state=unscheduled]")
    expect(logged).to_have_count(1)
    expect(logged).to_contain_text("09:00")
    expect(logged).to_contain_text("开门")
    expect(logged).to_contain_text("已记录（时间表外）")

    page = phone_at(phone(), live.url, "guard", "08:00", day=saturday)
    expect(page.get_by_test_id("closed-today")).to_have_count(0)
    expect(page.get_by_test_id("gate-due")).to_contain_text("开门 07:30")
    expect(page.get_by_test_id("gate-due")).to_contain_text("已超时 30 分钟")
    assert page.locator("li.slot .at").all_inner_texts() == ["07:30", "08:45", "16:30", "17:30"]

    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    admin.evaluate("() => { location.hash = '#/admin/gate-times'; }")
    expect(admin.get_by_test_id("list-about")).to_contain_text("调休上班的周末按周一的开关门时间")


def test_an_opening_queued_on_a_phone_in_another_zone_counts_for_the_schools_day(live, phone):
    """07:30 at the school is 18:30 the evening before in New York: the opening queued
    offline on a phone left on New York time is today's, kept on time."""
    day = dt.date.fromisoformat(today())
    calendar_day(live.url, day, "workday")  # a school day whatever the weekday
    context = phone(timezone_id="America/New_York")
    page = phone_at(context, live.url, "guard", "07:30", day=day)
    context.set_offline(True)
    page.locator("button[data-log=open]").click()
    slot = page.locator("li.slot[data-kind=open]").first
    expect(slot).to_have_attribute("data-state", "done")
    expect(slot).to_contain_text("07:30 已完成")
