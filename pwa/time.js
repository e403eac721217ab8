// Times as PROTOCOL.md wants them: RFC 3339 with the device's own offset, to the ms.

const pad = (n, w = 2) => String(Math.abs(n)).padStart(w, '0');

export function deviceTime(date = new Date()) {
  const off = -date.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const clocks = new Map();  // one formatter a time zone: making one costs more than using it

// The school's wall clock, whatever zone the phone is set to: its calendar day
// (YYYY-MM-DD), time (HH:MM), hour, minute of the day and weekday (0 = Monday, as the
// server's gate times). A check belongs to the school's day, not the phone's. A zone the
// phone's Intl does not know falls back to the phone's own clock.
export function schoolClock(timeZone = 'Asia/Shanghai', date = new Date()) {
  let parts;
  try {
    let format = clocks.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit',
        day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      clocks.set(timeZone, format);
    }
    parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  } catch {
    const local = deviceTime(date);
    parts = { year: local.slice(0, 4), month: local.slice(5, 7), day: local.slice(8, 10),
      hour: local.slice(11, 13), minute: local.slice(14, 16), weekday: WEEKDAYS[(date.getDay() + 6) % 7] };
  }
  const hour = Number(parts.hour);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`,
    hour, minute: hour * 60 + Number(parts.minute), weekday: WEEKDAYS.indexOf(parts.weekday) };
}

// A stored time (RFC 3339) as YYYY-MM-DD HH:MM on the school's clock, whatever zone the
// phone is set to: the time the printed forms and the school's other phones say. '' for
// none or for text that is not a time.
export function schoolDateTime(iso, timeZone) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  const clock = schoolClock(timeZone, date);
  return `${clock.date} ${clock.time}`;
}

// The same as HH:MM.
export const schoolTime = (iso, timeZone) => schoolDateTime(iso, timeZone).slice(11);

// A stored time in the person's language, on the school's clock (a zone the phone does
// not know: its own). `options`: Intl.DateTimeFormat's fields to show.
export function localeTime(iso, locale, timeZone, options) {
  const date = new Date(iso);
  try {
    return date.toLocaleString(locale, { ...options, timeZone });
  } catch {
    return date.toLocaleString(locale, options);
  }
}

// A time of day at the school (date YYYY-MM-DD, time HH:MM, on the school's clock) as
// RFC 3339 with the school's offset then, whatever zone the phone is set to.
export function schoolInstant(date, time, timeZone) {
  const wall = Date.parse(`${date}T${time}:00Z`);
  let at = wall;
  for (let i = 0; i < 2; i += 1) {  // twice: an offset that changes at that time
    const c = schoolClock(timeZone, new Date(at));
    at += wall - Date.parse(`${c.date}T${c.time}:00Z`);
  }
  const off = Math.round((wall - at) / 60000);
  const sign = off >= 0 ? '+' : '-';
  return `${date}T${time}:00.000${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

// The school's calendar day.
export const today = (timeZone, date) => schoolClock(timeZone, date).date;

// Whether the school's day has turned since a screen drew `date` (a phone left open and
// offline overnight, where nothing drew it again): a tap on it then draws the new day
// instead of filing the work under yesterday.
export const dayTurned = (user, date) => today(user.timezone) !== date;

// The hour (0–23) on the school's clock.
export const schoolHour = (timeZone, date) => schoolClock(timeZone, date).hour;

// The check session a tap records into: morning before 11:00 on the school's clock, noon
// after. The clock's pick holds while the person works through a roster (a roster begun
// at 10:58 is not split at 11:00), and is taken again once nobody has tapped for half an
// hour or the school's day has turned: a phone keeps the app open for days, and the
// session picked when it opened yesterday afternoon must not take this morning's taps.
// A session the person chose holds for the rest of the day.
export const SESSIONS = ['morning', 'noon'];
const IDLE_MS = 30 * 60 * 1000;
let pick = null; // { date, session, by: 'clock' | 'person', used: ms }

export function checkSession(timeZone, now = new Date()) {
  const date = today(timeZone, now);
  if (!pick || pick.date !== date || (pick.by === 'clock' && now - pick.used > IDLE_MS)) {
    pick = { date, session: schoolHour(timeZone, now) < 11 ? 'morning' : 'noon', by: 'clock', used: +now };
  }
  return pick.session;
}

export function chooseCheckSession(timeZone, session, now = new Date()) {
  pick = { date: today(timeZone, now), session, by: 'person', used: +now };
}

// A check was recorded (pwa/outbox.js): the person is at work in the session picked.
export function checkTapped(now = new Date()) {
  if (pick) pick.used = +now;
}

export function clockTime(iso, locale) {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}
