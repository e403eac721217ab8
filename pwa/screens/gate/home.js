// The guard's home: what is due now at the gate (the next opening or closing of today's
// schedule, late ones flagged), one tap to log it, and at closing time the visitors who
// have not signed out yet.
import { closedNotice, schoolCalendar } from '../../calendar.js';
import { outboxInOrder } from '../../db.js';
import { announce, h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { counted } from '../../outbox.js';
import { afterSave } from '../../sync.js';
import { schoolTime, today } from '../../time.js';
import { load, onSite, save, schedule, todayOf } from './data.js';

// A gate event not yet pushed is shown from the outbox itself: its id is the mutation's,
// as the server's record will be, so the pulled copy replaces it without a duplicate.
async function events(user) {
  const date = todayOf(user);
  const { gate_event: pulled } = await load(['gate_event', date]);
  const pending = (await outboxInOrder()).filter((m) => m.name === 'gate.event').map((m) => ({
    id: m.id, kind: m.args.kind, date: today(user.timezone, new Date(m.device_time)), device_time: m.device_time,
    gate_time_id: null, late_minutes: null, pending: true }));
  const seen = new Set(pulled.map((e) => e.id));
  return [...pulled, ...pending.filter((e) => !seen.has(e.id) && e.date === date)];
}

async function log(user, kind, redraw) {
  await save(user, 'gate.event', { kind });
  announce(t(`gate.logged_${kind}`));
  afterSave();
  await redraw();
}

// How late, as a guard reads it: 885 minutes is 14 h 45 min.
export function lateBy(n) {
  return n < 60 ? t('gate.minutes', { n }) : t('gate.hours', { h: Math.floor(n / 60), m: n % 60 });
}

function slotRow(s, timeZone) {
  const state = s.event ? (s.late ? 'late' : 'done') : (s.late ? 'missed' : 'todo');
  return h('li', { class: `slot ${state}`, 'data-kind': s.kind, 'data-state': state },
    h('span', { class: 'at' }, s.at.slice(0, 5)),
    h('span', {}, s.label || t(`gate.${s.kind}`)),
    h('span', { class: 'badge' }, s.event
      ? t(s.late ? 'gate.done_late' : 'gate.done_at', { at: schoolTime(s.event.device_time, timeZone), n: lateBy(s.late) })
      : t(s.late ? 'gate.overdue' : 'gate.not_yet', { n: lateBy(s.late) })));
}

// An opening or closing logged outside the timetable, at `at` on the school's clock.
function loggedRow(e, at) {
  return h('li', { class: 'slot done', 'data-kind': e.kind, 'data-state': 'unscheduled' },
    h('span', { class: 'at' }, at),
    h('span', {}, t(`gate.${e.kind}`)),
    h('span', { class: 'badge' }, t('gate.logged')));
}

export async function gateHome(user, parts, query, redraw) {
  const [{ gate_time: times, visitor: visitors }, evs, calendar] = await Promise.all([
    load('gate_time', 'visitor'), events(user), schoolCalendar()]);
  const { slots, unscheduled, next, closed } = schedule(user, times, evs, calendar);
  // The timetable's slots and, in their place by time, what was logged beside it.
  const rows = [...slots.map((s) => [s.at.slice(0, 5), slotRow(s, user.timezone)]),
    ...unscheduled.map((e) => { const at = schoolTime(e.device_time, user.timezone);
      return [at, loggedRow(e, at)]; })]
    .sort((a, b) => a[0].localeCompare(b[0])).map(([, row]) => row);
  const inside = onSite(counted(visitors));  // a refused entry is nobody on site (outbox.js)
  // At closing time (due, or already logged): who has not signed out yet.
  const closing = slots.some((s) => s.kind === 'close' && (s.due || s.event));
  return h('div', { class: 'gate-home' },
    h('h1', {}, t('gate.title'), ' ', h('small', {}, todayOf(user))),
    closed ? closedNotice('gate.closed_today') : null,
    next ? h('section', { class: `due ${next.late ? 'late' : ''}`, 'data-testid': 'gate-due',
      'aria-labelledby': 'gate-due-h' },
    h('h2', { id: 'gate-due-h' }, t('gate.due_now')),
    h('p', { class: 'gate-big' }, t(`gate.${next.kind}`), ' ', next.at.slice(0, 5), ' ', next.label ?? '',
      next.late ? h('strong', { class: 'gate-late' }, ' ', t('gate.overdue', { n: lateBy(next.late) })) : null))
      : closed ? null : h('p', { class: 'empty' }, slots.length ? t('gate.all_done') : t('gate.no_schedule')),
    h('div', { class: 'buttons gate-log', 'data-one-tap': true },
      ['open', 'close'].map((kind) => h('button', { type: 'button',
        class: next?.kind === kind ? 'primary' : 'secondary', 'data-log': kind,
        onclick: oneTap(() => log(user, kind, redraw)) }, t(`gate.log_${kind}`)))),
    closing && inside.length ? h('p', { class: 'notice', role: 'alert', 'data-testid': 'closing-reminder' },
      t('gate.not_signed_out', { n: inside.length, names: inside.map((v) => v.name).join(t('list_sep')) })) : null,
    rows.length ? h('h2', {}, t('gate.schedule')) : null,
    rows.length ? h('ul', { class: 'slots' }, rows) : null,
    h('div', { class: 'buttons' },
      h('a', { class: 'button primary', href: '#/visitor-new' }, t('gate.register')),
      h('a', { class: 'button secondary', href: '#/visitors' }, t('gate.visitors_n', { n: inside.length })),
      h('a', { class: 'button secondary', href: '#/pickup' }, t('gate.pickup')),
      h('a', { class: 'button secondary', href: '#/rollcall' }, t('gate.rollcall'))));
}
