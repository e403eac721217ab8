// The gate's data on the phone: read from the local store only (the gatehouse Wi-Fi is the
// worst in the school), and every change written with its mutation in one transaction.
import { all, tx } from '../../db.js';
import { isOpen, timetableWeekday } from '../../calendar.js';
import { h } from '../../dom.js';
import { reason, t } from '../../i18n.js';
import { thumb } from '../zones/common.js';
import { enqueue } from '../../outbox.js';
import { schoolClock, today } from '../../time.js';

export { GATE } from './roles.js';
export { byPerson } from '../../classes.js';

// Every entity a screen needs, read in ONE readonly transaction (one per entity costs a
// round of transaction set-up each, which a loaded phone feels). An [entity, date] pair
// reads that day's records only: five weeks of checks and pick-ups stay on disk.
export async function load(...entities) {
  const t = await tx(['records'], 'readonly');
  const lists = await Promise.all(entities.map((e) => (Array.isArray(e)
    ? t.store.index('day').getAll(e) : t.store.index('entity').getAll(e))));
  return Object.fromEntries(entities.map((e, i) => [Array.isArray(e) ? e[0] : e, lists[i]]));
}

export const todayOf = (user) => today(user.timezone);

// Each child's answer at today's checks, the latest session's winning: absent in the
// morning and checked at noon is here; sent home at noon (absent) is not.
export function statusToday(checks, date) {
  const rank = (c) => (c.session === 'morning' ? 0 : 1);
  return new Map(checks.filter((c) => c.date === date).sort((a, b) => rank(a) - rank(b))
    .map((c) => [c.child_id, c.status]));
}
export const minutes = (hhmm) => { const [h, m] = hhmm.split(':').map(Number); return h * 60 + m; };

// The school's weekday (0 = Monday, as the server's gate_time) and minute of the day.
export const schoolNow = (user, now = new Date()) => schoolClock(user.timezone, now);

// Today's schedule, each slot with the event logged for it (else the first of its kind
// logged without a slot within 90 minutes, as server/gate.py's logged_for), late when
// logged after its time or not logged and past due. `next`, what the guard's screen
// asks for now: the latest slot due and not logged (one missed earlier stays flagged in
// the list, not in the way of the one at hand), else the first still to come. The day's
// times as the school's calendar has them (`calendar`, schoolCalendar's): none on a
// holiday, a weekday's on a make-up workday; `closed`, whether the school is closed today.
export function schedule(user, times, events, calendar, now = new Date()) {
  const { minute } = schoolNow(user, now);
  const date = today(user.timezone, now);
  const weekday = timetableWeekday(date, calendar, new Set(times.map((s) => s.weekday)));
  const logged = events.filter((e) => e.date === date)  // in the order they were done, as the server's
    .sort((a, b) => new Date(a.device_time) - new Date(b.device_time));
  // The minute of the school's day an event was done (the phone's own zone may differ).
  const done = (e) => schoolNow(user, new Date(e.device_time)).minute;
  const slots = times.filter((s) => s.weekday === weekday)
    .sort((a, b) => a.at.localeCompare(b.at)).map((s) => {
      const at = minutes(s.at);
      const ev = logged.filter((e) => e.kind === s.kind && e.gate_time_id === s.id)[0]
        ?? logged.find((e) => e.kind === s.kind && !e.gate_time_id && Math.abs(done(e) - at) < 90);
      const late = ev ? (ev.late_minutes ?? Math.max(0, done(ev) - at)) : Math.max(0, minute - at);
      return { ...s, event: ev ?? null, late, due: !ev && minute >= at - 15 };
    });
  const open = slots.filter((s) => !s.event);
  // What was logged outside the timetable (a day without school, an extra opening): the
  // guard sees it was recorded too.
  const matched = new Set(slots.map((s) => s.event).filter(Boolean));
  const unscheduled = logged.filter((e) => !matched.has(e));
  return { slots, unscheduled, minute, closed: !isOpen(date, calendar),
    next: open.filter((s) => s.due).at(-1) ?? open[0] ?? null };
}

export function save(user, name, args, record = null) {
  return enqueue(user, name, args, { record });
}

// Visitors of today and those still on site from before (nobody stays over, but a
// forgotten sign-out must still show).
export function visitorsNow(visitors, date) {
  return visitors.filter((v) => v.date === date || v.status === 'entered' || v.status === 'allowed'
    || v.status === 'waiting');
}

export const onSite = (visitors) => visitors.filter((v) => v.status === 'entered');

// The photo taken at registration (from the phone while it waits to upload, else the server).
export function visitorPhoto(v, token, cls = 'visitor-photo') {
  const shot = thumb(v.photo, token);
  shot.firstChild.alt = t('gate.photo_of', { name: v.name });
  return h('ul', { class: `zthumbs ${cls}` }, shot);
}

// What the server refused, where the guard works: the shared rejected store (outbox.js,
// screens/rejected.js) read by what each change was about — a visitor, or a child's
// pick-up of a day. The rejected screen is where it is fixed and sent again, or discarded.
export function rejectedKey(m) {
  if (m.name === 'visitor.register') return `visitor:${m.args?.id}`;
  if (m.name?.startsWith('visitor.')) return `visitor:${m.args?.visitor_id}`;
  if (m.name === 'pickup.record') return `pickup:${m.args?.child_id}:${m.args?.date}`;
  return null;
}

export async function rejectedHere() {
  const out = new Map();
  for (const m of (await all('rejected')).sort((a, b) => a.hlc.localeCompare(b.hlc))) {
    const key = rejectedKey(m);
    if (key) out.set(key, m); // the latest refusal of each
  }
  return out;
}

export function rejectedNote(m) {
  return m ? h('p', { class: 'gate-alert gate-rejected', role: 'alert', 'data-testid': 'rejected', 'data-code': m.code },
    t('gate.rejected_row', { reason: reason(m.code, m.message) }),
    // The block list's refusal carries the entry's reason: the guard must see it.
    m.code === 'blocked_adult' && m.message ? ` — ${m.message}` : '', ' ',
    h('a', { class: 'button secondary', href: `#/rejected?id=${m.id}` }, t('gate.fix_it'))) : null;
}
