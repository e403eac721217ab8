// The check by exception (#/checks): tap the few children who are abnormal or absent,
// then one "all others normal" records a normal check for every child not yet checked,
// all in ONE IndexedDB transaction. A class-session with everyone checked, nobody
// abnormal and nobody absent for illness shows its 零报告.
import { closedNotice, isOpen, schoolCalendar } from '../../calendar.js';
import { awayIll, emptyRosterText, leftOutOfRest, leftOutText } from '../../classes.js';
import { byDay } from '../../db.js';
import { announce, h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { enqueueMany } from '../../outbox.js';
import { afterSave } from '../../sync.js';
import { dayTurned, today } from '../../time.js';
import { checkItem, chooseSession, currentSession, rosterOf, SESSIONS, sessionSummary } from './shared.js';

// "All others normal": durable before the screen says so.
export async function allOthersNormal(user, kids, date, session) {
  const t0 = performance.now();
  const items = kids.map((child) => checkItem(user, child, { date, session, status: 'normal' }));
  if (items.length) await enqueueMany(user, items);
  performance.measure('all-normal-durable', { start: t0, end: performance.now() });
  return items.length;
}

function childRow(child, check, session, illSince) {
  const state = check?.status ?? 'none';
  const detail = check?.status === 'abnormal' && check.temperature
    ? ` ${Number(check.temperature).toFixed(1)}°C` : '';
  const reason = check?.status === 'absent' && check.absence_reason
    ? ` · ${t(`reason.${check.absence_reason}`)}` : '';
  const link = (status) => h('a', { class: `button mark ${status}`,
    href: `#/hcheck/${child.id}/${session}?status=${status}`,
    'data-on': String(state === status),
    'aria-label': t('mark', { child: child.name, status: t(`status.${status}`) }) },
  t(`status.${status}`));
  return h('li', { class: `child ${state}`, 'data-child': child.id },
    h('a', { class: 'name', href: `#/hcheck/${child.id}/${session}` }, child.name,
      h('small', { class: `badge ${state}` }, t(`status.${state}`), detail, reason),
      illSince && !check ? h('small', { class: 'away-ill', 'data-testid': 'away-ill' }, t('away_ill_since', { day: illSince.slice(5) })) : null),
    h('span', { class: 'marks', role: 'group', 'aria-label': child.name },
      link('abnormal'), link('absent')));
}

export async function rosterScreen(user, parts, query, redraw) {
  const session = currentSession(user);
  const date = today(user.timezone);
  const [{ classes, kids }, checks, calendar, ill] = await Promise.all([rosterOf(user),
    byDay('health_check', date), schoolCalendar(), awayIll(date)]);
  // A check the server refused (outbox.js settle) is not done: the child is still to check.
  const of = (s) => checks.filter((c) => c.session === s && !c.refused);
  const done = new Map(of(session).map((c) => [c.child_id, c]));
  const morning = new Map(of('morning').map((c) => [c.child_id, c]));
  const tabs = SESSIONS.map((s) => h('button', { type: 'button', class: 'task',
    'aria-pressed': String(s === session), 'data-session': s, 'data-focus': `hs:${s}`,
    onclick: () => { chooseSession(user, s); redraw(); } },
  t('task_progress', { session: t(`session.${s}`), done: of(s).filter((c) => kids.some((k) => k.id === c.child_id)).length, total: kids.length })));
  const sections = classes.map((c) => {
    const mine = kids.filter((k) => k.class_id === c.id);
    const sum = sessionSummary(mine, of(session));
    // All others but those who need a check of their own (away ill; at noon, unwell or
    // away this morning), named under the button.
    const unchecked = mine.filter((k) => !done.has(k.id));
    const leftOut = leftOutOfRest(unchecked, session, ill, (id) => morning.get(id));
    const rest = unchecked.filter((k) => !leftOut.some(([x]) => x === k));
    const onAll = oneTap(async () => {  // one tap, one record a child
      if (dayTurned(user, date)) { await redraw(); return; }
      const n = await allOthersNormal(user, rest, date, session);
      announce(t('hc.all_normal_done', { n, class: c.name }));
      afterSave();
      await redraw();  // the button goes with this screen, never enabled again for this class
    });
    return h('section', { class: 'roster hc-class', 'data-class': c.id, 'aria-labelledby': `hc-${c.id}` },
      h('h2', { id: `hc-${c.id}` }, c.name, ' ',
        h('small', {}, t('hc.progress', { done: sum.checked, total: sum.expected })),
        sum.zero_report ? h('span', { class: 'chip ok zero', 'data-testid': 'zero-report' }, t('hc.zero_report')) : null,
        sum.done && !sum.zero_report ? h('span', { class: 'chip warn', 'data-testid': 'has-cases' },
          t('hc.cases', { abnormal: sum.abnormal, ill: sum.absent_ill })) : null),
      rest.length ? h('button', { type: 'button', class: 'primary wide all-normal',
        'data-testid': 'all-normal', 'data-focus': `all:${c.id}`, onclick: onAll,
        'aria-describedby': leftOut.length ? `hc-left-${c.id}` : null },
      t('hc.all_normal', { n: rest.length })) : null,
      rest.length && leftOut.length ? h('p', { class: 'left-out', id: `hc-left-${c.id}`, 'data-testid': 'left-out' },
        leftOutText(leftOut)) : null,
      h('ul', { class: 'children' }, mine.map((k) => childRow(k, done.get(k.id), session, ill.get(k.id)))));
  });
  return h('div', { class: 'today hc-roster' },
    h('h1', {}, t('hc.checks_title'), ' ', h('small', {}, date)),
    h('p', {}, t('hc.by_exception')),
    isOpen(date, calendar) ? null : closedNotice(),
    h('div', { class: 'tasks', role: 'group', 'aria-label': t('hc.checks_title') }, tabs),
    kids.length ? null : h('p', { class: 'empty', 'data-testid': 'empty-roster' }, await emptyRosterText(user, classes)),
    sections);
}
