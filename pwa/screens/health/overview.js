// The health teacher's (and the admin's) today (#/health): each class's morning and noon
// check done or not, by whom and when, 零报告; abnormal children; open follow-ups (close
// with the diagnosis); attendance; disinfection; outbreak alerts with their 24-hour
// countdown; outbreak mode for a class or the school. From GET /api/health/today when
// the server answers, from the phone's own store when it does not.
import { api } from '../../api.js';
import { addDays, isOpen, schoolCalendar } from '../../calendar.js';
import { byClass, comparePeople } from '../../classes.js';
import { byEntity } from '../../db.js';
import { announce, h, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { naturalId } from '../../ids.js';
import { enqueueMany } from '../../outbox.js';
import { tokenFor } from '../../session.js';
import { afterSave } from '../../sync.js';
import { deviceTime, schoolTime, today } from '../../time.js';
import { localSummary } from './summary.js';
import { isStaff, SESSIONS } from './shared.js';

async function fetchSummary(user, date) {
  try {
    const token = await tokenFor(user.id);
    if (!token || navigator.onLine === false) return null;
    return await Promise.race([api(`/api/health/today?date=${date}`, { token }),
      new Promise((_, no) => setTimeout(() => no(new Error('slow')), 4000))]);
  } catch {
    return null;
  }
}

function left(due) {
  const ms = new Date(due) - Date.now();
  if (ms <= 0) return t('ov.report_overdue');
  return t('ov.report_in', { h: Math.floor(ms / 3600000), m: Math.floor(ms / 60000) % 60 });
}

async function act(user, name, args, record, msg, redraw) {
  await enqueueMany(user, [{ name, args, record }]);
  announce(t(msg)); afterSave(); redraw();
}

// open: whether the school is open that day (closed, a check not done is not owed);
// timeZone: the school's, on whose clock the last check's time is told; refused: this
// phone's checks of the class and session the server refused, not counted, each marked
function sessionCell(s, names, open, timeZone, refused) {
  const by = (s.by ?? s.recorded_by?.map((id) => names.get(id) ?? '?') ?? []).join(t('list_sep'));
  return h('td', { class: s.done ? 'ok' : open ? 'due' : null },
    s.done ? t('ov.done') : open ? t('ov.not_done') : '', ` ${s.checked}/${s.expected}`,
    by ? h('div', {}, by, ' ', schoolTime(s.last_at, timeZone)) : null,
    s.zero_report ? h('div', { class: 'chip ok', 'data-testid': 'ov-zero' }, t('hc.zero_report')) : null,
    s.abnormal || s.absent_ill ? h('div', { class: 'chip warn' }, t('hc.cases', { abnormal: s.abnormal, ill: s.absent_ill })) : null,
    refused.map((c) => h('div', {}, refusedChip(c, t('refused_what', { what: `${c.child} ${t(`status.${c.status}`)}` })))));
}

// Another day: the one before or after, or any by its date; today is never more than a tap
// away. A day to come has nothing to show.
function dayPicker(date, now) {
  const go = (day) => `#/health${day === now ? '' : `?date=${day}`}`;
  const input = h('input', { type: 'date', id: 'ov-date', value: date, max: now, required: true });
  return h('nav', { class: 'ov-days', 'aria-label': t('ov.days') },
    h('div', { class: 'buttons' },
      h('a', { href: go(addDays(date, -1)), 'data-testid': 'day-before', rel: 'prev' }, t('ov.day_before')),
      date < now ? h('a', { href: go(addDays(date, 1)), 'data-testid': 'day-after', rel: 'next' }, t('ov.day_after')) : null,
      date !== now ? h('a', { href: go(now), 'data-testid': 'to-today' }, t('ov.to_today')) : null),
    h('form', { class: 'admin-filter', 'data-keep': true, onsubmit: (e) => { e.preventDefault(); location.hash = go(input.value); } },
      h('label', { for: 'ov-date' }, t('ov.date')), input, h('button', { type: 'submit', class: 'secondary' }, t('ov.show'))));
}

// Drawn again as the checks come in (a pull), from the server's day when it answers, but
// not while a form here is in use or typed into (data-keep, app.js).
export async function overviewScreen(user, parts, query, redraw) {
  const now = today(user.timezone);
  const date = query.get('date') || now;
  const [remote, local, modes, classes, mine, calendar] = await Promise.all([fetchSummary(user, date),
    localSummary(user, date), byEntity('outbreak_mode'), byEntity('class'),
    Promise.all([byEntity('followup'), byEntity('outbreak_alert')]), schoolCalendar()]);
  const open = isOpen(date, calendar);
  const sum = remote ?? local;
  // What this phone has already closed or reported wins over a server not yet told.
  const settled = new Set(mine.flat().filter((r) => r.pending && ['closed', 'reported'].includes(r.status)).map((r) => r.id));
  // A past day lists those open that day: one closed since stays, as closed.
  sum.followups = sum.followups.flatMap((f) => (!settled.has(f.id) ? [f] : date < now ? [{ ...f, status: 'closed' }] : []));
  sum.outbreak_alerts = (sum.outbreak_alerts ?? []).filter((a) => !settled.has(a.id));
  const names = local.names;
  const refused = new Map(mine.flat().filter((r) => r.refused).map((r) => [r.id, r]));
  const refusedOf = (r) => (refused.has(r.id) ? [' ', refusedChip(refused.get(r.id))] : null);
  const className = new Map([...classes, ...sum.classes].map((c) => [c.id, c.name]));
  const classRows = sum.classes.map((c) => h('tr', { 'data-class': c.id }, h('th', { scope: 'row' }, c.name),
    SESSIONS.map((s) => sessionCell(c[s], names, open, user.timezone,
      local.refused.checks.filter((x) => x.class_id === c.id && x.session === s)))));
  // A child once, with each session's finding; the same finding at noon as in the
  // morning (away ill all day) is said once for both.
  const finding = (a) => [t(`status.${a.status}`), a.temperature ? `${Number(a.temperature).toFixed(1)}°C` : '',
    (a.symptoms ?? []).map((x) => t(`symptom.${x}`)).join(t('list_sep'))].filter(Boolean).join(' ');
  const byChild = new Map();
  for (const a of sum.abnormal) byChild.set(a.child_id, [...(byChild.get(a.child_id) ?? []), a]);
  // Children by class in the school's order, then by name, as on the rosters. The order is
  // the summary's (the server's: just after signing in, the store may not hold the classes
  // yet, and this screen is not drawn again when they come), then the store's.
  const classRank = new Map();
  for (const c of [...sum.classes, ...[...classes].sort(byClass)]) {
    if (!classRank.has(c.id)) classRank.set(c.id, classRank.size);
  }
  const rank = (r) => classRank.get(r.class_id) ?? classRank.size;
  const bySchool = (x, y) => rank(x) - rank(y) || comparePeople(x.child ?? '', y.child ?? '');
  const abnormal = [...byChild.values()].sort((x, y) => bySchool(x[0], y[0])).map((checks) => {
    const said = new Map();  // morning's first, whichever came in first
    checks.sort((a, b) => SESSIONS.indexOf(a.session) - SESSIONS.indexOf(b.session));
    for (const a of checks) said.set(finding(a), [...(said.get(finding(a)) ?? []), t(`session.${a.session}`)]);
    return h('li', { 'data-child': checks[0].child_id }, h('strong', {}, checks[0].child ?? checks[0].child_id), ' ',
      className.get(checks[0].class_id) ?? '', [...said].map(([what, sessions]) => h('div', { class: 'finding' }, `${sessions.join(t('list_sep'))} · ${what}`)));
  });
  // Each open follow-up is a line; its close form opens under it (a week of absences for
  // illness was a screen of forms). The child is back on or after the day it opened: the
  // server refuses an earlier date (a check dated ahead opens one after today).
  // A child back in class comes first: the follow-up waits only for its diagnosis. A past
  // day's list ends with those closed since, as closed. Those opened the same day go as the
  // sick list does.
  const ready = (f) => (f.status === 'closed' ? 2 : f.returned_on ? 0 : 1);
  const followups = [...sum.followups].sort((a, b) => ready(a) - ready(b)
    || a.opened_on.localeCompare(b.opened_on) || bySchool(a, b)).map((f) => {
    if (f.status === 'closed') {
      return h('li', { 'data-followup': f.id, 'data-opened': f.opened_on, 'data-closed': '' }, h('strong', {}, f.child ?? f.child_id), ' ',
        className.get(f.class_id) ?? '', ' · ', t('ov.since', { day: f.opened_on }), ' ',
        (f.symptoms ?? []).map((x) => t(`symptom.${x}`)).join(t('list_sep')), ' ',
        h('span', { class: 'chip', 'data-testid': 'closed' }, f.returned_on ? t('ov.closed_back', { day: f.returned_on }) : t('ov.closed_chip')),
        f.diagnosis ? h('div', {}, t('ov.diagnosis_is', { text: f.diagnosis })) : null);
    }
    const diag = h('input', { id: `fu-${f.id}`, maxlength: 200 });
    const back = h('input', { id: `fu-d-${f.id}`, type: 'date', min: f.opened_on,
      value: f.returned_on ?? (date < f.opened_on ? f.opened_on : date) });
    return h('li', { 'data-followup': f.id, 'data-opened': f.opened_on }, h('strong', {}, f.child ?? f.child_id), ' ',
      className.get(f.class_id) ?? '', ' · ', t('ov.since', { day: f.opened_on }), ' ',
      (f.symptoms ?? []).map((x) => t(`symptom.${x}`)).join(t('list_sep')),
      f.returned_on ? h('span', { class: 'chip ok', 'data-testid': 'back' }, t('ov.back_on', { day: f.returned_on })) : null,
      refusedOf(f),
      h('details', { class: 'fu-close', 'data-keep': true }, h('summary', {}, t('ov.close_form')),
      h('form', { 'data-keep': true, onsubmit: (e) => { e.preventDefault();
        if (!diag.value.trim()) { diag.setAttribute('aria-invalid', 'true'); diag.focus(); return; }
        act(user, 'followup.close', { followup_id: f.id, diagnosis: diag.value.trim(), returned_on: back.value },
          { ...f, entity: 'followup', status: 'closed', diagnosis: diag.value.trim(), returned_on: back.value },
          'ov.closed', redraw); } },
      h('label', { for: diag.id }, t('ov.diagnosis')), diag, h('label', { for: back.id }, t('ov.returned_on')), back,
      h('button', { type: 'submit', class: 'secondary' }, t('ov.close')))));
  });
  const alerts = (sum.outbreak_alerts ?? []).filter((a) => a.status !== 'reported').map((a) => h('li', { class: 'alert', 'data-alert': a.id },
    h('strong', {}, className.get(a.class_id) ?? '', ' ', t(`group.${a.group}`)), ' ',
    t('ov.children', { n: a.children.length }), ' · ', h('span', { role: 'timer', class: 'chip bad' }, left(a.report_due)), refusedOf(a),
    isStaff(user) ? h('button', { type: 'button', class: 'secondary', onclick: () => act(user, 'outbreak.report',
      { alert_id: a.id }, { ...a, entity: 'outbreak_alert', status: 'reported' }, 'ov.reported', redraw) }, t('ov.report')) : null));
  const modeOf = (classId) => modes.find((m) => (m.class_id ?? '') === classId);
  const toggle = (classId, label) => {
    const on = Boolean(modeOf(classId)?.on);
    const id = naturalId(user.site_id, 'outbreak_mode', classId || 'school');
    return h('button', { type: 'button', class: on ? 'danger' : 'secondary', 'aria-pressed': String(on),
      'data-mode': classId || 'school', onclick: () => act(user, 'outbreak.mode', { class_id: classId || null, on: !on, reason: null },
        { id, entity: 'outbreak_mode', class_id: classId, on: !on, changed_by: user.id, changed_at: deviceTime() }, 'ov.mode_set', redraw) },
    t(on ? 'ov.mode_off' : 'ov.mode_on', { name: label }));
  };
  const dis = sum.disinfection;
  const disDue = dis.reduce((n, d) => n + d.due, 0);
  const disDone = dis.reduce((n, d) => n + Math.min(d.done, d.due), 0);
  const disBelow = dis.reduce((n, d) => n + d.below_minimum, 0);
  const att = sum.attendance;
  return h('div', { class: 'hc-overview' },
    h('h1', {}, t(date === now ? 'ov.title' : 'ov.title_day'), ' ', h('small', {}, date)),
    dayPicker(date, now),
    h('p', { class: 'chip', 'data-testid': 'ov-source' }, t(remote ? 'ov.from_server' : 'ov.from_phone')),
    open ? null : h('p', { class: 'notice', 'data-testid': 'closed-day' }, t('ov.no_school')),
    alerts.length ? h('section', { 'aria-labelledby': 'ov-alerts', class: 'ov-alerts' }, h('h2', { id: 'ov-alerts' }, t('ov.alerts')),
      h('ul', { class: 'hc-list', 'data-testid': 'alerts' }, alerts)) : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'ov-classes' },
      h('caption', {}, t('ov.classes')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ov.class')), SESSIONS.map((s) => h('th', { scope: 'col' }, t(`session.${s}`))))),
      h('tbody', {}, classRows))),
    h('p', { 'data-testid': 'attendance' }, open
      ? t('ov.attendance', { present: att.present, expected: att.expected, rate: att.rate ?? '—' })
      : t('ov.attendance_closed', { present: att.present })),
    h('p', {}, t('ov.disinfection', { done: disDone, due: disDue, below: disBelow }), ' ', h('a', { href: '#/disinfect' }, t('dis.title')),
      local.refused.rounds.flatMap((r) => [' ', refusedChip(r, t('refused_what', { what: `${r.room} ${t(`item.${r.item}`)} #${r.round}` }))])),
    h('h2', {}, t('ov.abnormal')), abnormal.length ? h('ul', { class: 'hc-list' }, abnormal) : h('p', { class: 'empty' }, t('ov.none')),
    h('h2', {}, t('ov.followups')), followups.length ? h('ul', { class: 'hc-list' }, followups) : h('p', { class: 'empty' }, t('ov.none')),
    isStaff(user) ? h('section', { 'aria-labelledby': 'ov-mode' }, h('h2', { id: 'ov-mode' }, t('ov.outbreak_mode')),
      h('div', { class: 'buttons' }, toggle('', t('ov.school')), classes.filter((c) => c.active !== false).sort(byClass).map((c) => toggle(c.id, c.name)))) : null);
}
