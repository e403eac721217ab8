// The school's calendar on the phone, as server/school.py's school_days: Monday to Friday,
// less the calendar's holidays, plus its make-up workdays (调休上班, often a Saturday).
// Dates are 'YYYY-MM-DD' in the school's zone.
import { byEntity } from './db.js';
import { h } from './dom.js';
import { t } from './i18n.js';

export const weekday = (date) => (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7; // 0 Monday

// The calendar's exceptions, from the feed: Map date → 'holiday' | 'workday'.
export async function schoolCalendar() {
  return new Map((await byEntity('school_day')).map((d) => [d.date, d.kind]));
}

export function isOpen(date, calendar) {
  return (calendar.get(date) ?? (weekday(date) < 5 ? 'workday' : 'holiday')) === 'workday';
}

// The weekday whose gate times a day keeps, as server/school.py's timetable_weekday:
// none on a day the calendar names a holiday; on a make-up workday (调休上班, a Saturday
// or Sunday the calendar opens) its own weekday's if the school set any, else those of
// the first weekday that has times (Monday's, at most schools); any other day its own.
// `weekdays`: the weekdays that have times (a Set of 0-6, 0 Monday).
export function timetableWeekday(date, calendar, weekdays) {
  const kind = calendar.get(date);
  const own = weekday(date);
  if (kind === 'holiday') return null;
  if (kind === 'workday' && !weekdays.has(own)) return [0, 1, 2, 3, 4].find((d) => weekdays.has(d)) ?? own;
  return own;
}

export function addDays(date, n) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// The last school day before `date` (a long holiday is a few weeks at most).
export function previousSchoolDay(date, calendar) {
  for (let day = addDays(date, -1), n = 0; n < 60; day = addDays(day, -1), n += 1) {
    if (isOpen(day, calendar)) return day;
  }
  return null;
}

// What a daily screen says on a day the school is closed: nothing is due, and whatever
// is done anyway (a child who comes in) is still recorded.
export function closedNotice(key = 'closed_today') {
  return h('p', { class: 'notice', 'data-testid': 'closed-today', role: 'note' }, t(key));
}
