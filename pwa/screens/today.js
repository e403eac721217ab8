// Today: the day's tasks (morning and noon check) and the class roster, one row a child
// with big "normal / abnormal / absent" buttons. Most children are normal, so a row is one
// tap, and "mark the rest normal" does a whole class at once.
import { closedNotice, isOpen, schoolCalendar } from '../calendar.js';
import { awayIll, emptyRosterText, leftOutOfRest, leftOutText, rosterOf } from '../classes.js';
import { byDay } from '../db.js';
import { announce, h, oneTap, refusedChip } from '../dom.js';
import { t } from '../i18n.js';
import { checkItem, counted, enqueueMany, recordCheck } from '../outbox.js';
import { afterSave } from '../sync.js';
import { checkSession, chooseCheckSession, dayTurned, schoolClock, SESSIONS, today } from '../time.js';

async function load(user) {
  const date = today(user.timezone);
  const [{ classes: shown, kids }, checks, calendar, ill, meds] = await Promise.all([rosterOf(user),
    byDay('health_check', date), schoolCalendar(), awayIll(date), byDay('medicine', date)]);
  // A check the server refused (outbox.js settle) is not done: the row says it needs
  // attention, and the child is still to check.
  const done = new Map(checks.filter((c) => !c.refused).map((c) => [`${c.child_id}:${c.session}`, c]));
  const refused = new Map(checks.filter((c) => c.refused).map((c) => [`${c.child_id}:${c.session}`, c]));
  return { shown, kids, date, done, refused, ill, meds, open: isOpen(date, calendar) };
}

// The day's medicine from parents (recorded at the morning check), each dose a chip:
// given, due (its time has come on the school's clock), or later; one tap records the
// dose due. The doses are given in order: the first n times are the n doses given.
function medicines(user, meds, kids, redraw) {
  const names = new Map(kids.map((k) => [k.id, k.name]));
  const mine = meds.filter((m) => names.has(m.child_id));
  if (!mine.length) return null;
  const now = schoolClock(user.timezone).time;
  const items = mine.map((m) => {
    const given = (counted([m])[0]?.given ?? []).length;  // a refused dose was not given (outbox.js)
    const state = (time, i) => (i < given ? 'given' : time <= now ? 'due' : 'later');
    const due = m.times.some((time, i) => state(time, i) === 'due');
    return h('li', { 'data-medicine': m.id, class: due ? 'due' : '' },
      h('span', {}, h('strong', {}, names.get(m.child_id)), ` ${m.medicine} ${m.dose}`, m.refused ? [' ', refusedChip(m)] : null),
      h('span', { class: 'doses' }, m.times.map((time, i) => h('span', {
        class: `chip dose ${state(time, i)}`, 'data-state': state(time, i) },
      time, ' ', t(`meds.${state(time, i)}`)))),
      due ? h('button', { type: 'button', class: 'primary give',
        'aria-label': t('meds.give_label', { child: names.get(m.child_id), medicine: m.medicine }),
        onclick: async (e) => {
          e.currentTarget.disabled = true;
          const { giveMedicine } = await import('./health/medicine.js');
          await giveMedicine(user, m);
          announce(t('meds.given_now', { child: names.get(m.child_id), medicine: m.medicine }));
          afterSave();
          redraw();
        } }, t('meds.give')) : null);
  });
  return h('section', { class: 'meds', 'aria-labelledby': 'meds-h' },
    h('h2', { id: 'meds-h' }, t('meds.title')), h('ul', { class: 'plain' }, items));
}

// Tap to durable: the record and its outbox entry are committed before the row says so.
// One tap a row at a time (the row is oneTap's scope, data-one-tap): a second tap on the
// row before it is drawn again would record the child a second time.
const mark = (user, child, date, session, status, redraw, absence_reason = null) => oneTap(async () => {
  if (dayTurned(user, date)) { await redraw(); return; }
  const t0 = performance.now();
  await recordCheck(user, child, { date, session, status, absence_reason });
  performance.measure('tap-durable', { start: t0, end: performance.now() });
  announce(t('marked', { child: child.name, status: t(`status.${status}`) }));
  afterSave();
  await redraw();
});

function row(user, child, date, session, check, redraw, illSince, refused) {
  const state = check?.status ?? 'none';
  const btn = (status) => h('button', { type: 'button', class: `mark ${status}`,
    'data-focus': `${child.id}:${status}`,
    'aria-pressed': String(state === status),
    'aria-label': t('mark', { child: child.name, status: t(`status.${status}`) }),
    onclick: status === 'abnormal'
      ? () => { location.hash = `#/check/${child.id}/${session}`; }
      // Absent again (a second tap) keeps the reason given.
      : mark(user, child, date, session, status, redraw,
        status === 'absent' ? check?.absence_reason ?? null : null) }, t(`status.${status}`));
  // Absent: why, if the caregiver knows (a parent's message at the door). Ill opens the
  // health teacher's follow-up (因病缺勤追踪) on the server; tapped again, it is unknown.
  const why = state === 'absent' ? check.absence_reason ?? 'unknown' : null;
  const reasons = why ? h('span', { class: 'reasons', role: 'group', 'aria-label': `${child.name} · ${t('hc.reason')}` },
    ['ill', 'personal'].map((r) => h('button', { type: 'button', class: 'chip link reason', 'data-reason': r,
      'data-focus': `${child.id}:reason:${r}`, 'aria-pressed': String(why === r),
      onclick: mark(user, child, date, session, 'absent', redraw, why === r ? 'unknown' : r) },
    t(`reason.${r}`)))) : null;
  return h('li', { class: `child ${state}`, 'data-child': child.id, 'data-one-tap': '' },
    h('span', { class: 'name' }, child.name,
      h('small', { class: `badge ${state}` }, t(`status.${state}`),
        check?.temperature ? ` ${Number(check.temperature).toFixed(1)}°C` : '',
        why ? ` · ${t(`reason.${why}`)}` : ''),
      illSince && !check ? h('small', { class: 'away-ill', 'data-testid': 'away-ill' }, t('away_ill_since', { day: illSince.slice(5) })) : null,
      refused && !check ? refusedChip(refused, t('refused_check', { status: t(`status.${refused.status}`) }),
        { 'data-testid': 'refused' }) : null),
    h('span', { class: 'marks', role: 'group', 'aria-label': child.name },
      btn('normal'), btn('abnormal'), btn('absent')),
    reasons);
}

export async function todayScreen(user, redraw) {
  const { shown, kids, date, done, refused, ill, meds, open } = await load(user);
  const session = checkSession(user.timezone);
  const tasks = SESSIONS.map((s) => {
    const n = kids.filter((k) => done.has(`${k.id}:${s}`)).length;
    return h('button', { type: 'button', class: 'task', 'aria-pressed': String(s === session),
      'data-focus': `task:${s}`,
      'data-session': s, onclick: () => { chooseCheckSession(user.timezone, s); redraw(); } },
      t('task_progress', { session: t(`session.${s}`), done: n, total: kids.length }));
  });
  // The rest: the children not checked yet this session, but for those who need a check
  // of their own (away ill; at noon, unwell or away this morning), named in the question.
  const unchecked = kids.filter((k) => !done.has(`${k.id}:${session}`));
  const leftOut = leftOutOfRest(unchecked, session, ill, (id) => done.get(`${id}:morning`));
  const rest = unchecked.filter((k) => !leftOut.some(([x]) => x === k));
  // One tap, one record: oneTap drops a second tap while the question is open or the class
  // is being saved.
  const markRest = oneTap(async () => {
    if (dayTurned(user, date)) { await redraw(); return; }
    const question = t('mark_rest_confirm', { n: rest.length });
    if (!confirm(leftOut.length ? `${question}\n${leftOutText(leftOut)}` : question)) return;
    // One transaction for the whole class: durable together, in seconds, not 25 taps.
    await enqueueMany(user, rest.map((child) => checkItem(user, child, { date, session, status: 'normal' })));
    afterSave();
    await redraw();  // the button goes with this screen, never enabled again for this class
  });
  const rosters = shown.map((c) => h('section', { class: 'roster', 'aria-labelledby': `class-${c.id}` },
    h('h2', { id: `class-${c.id}` }, t('roster', { class: c.name })),
    h('ul', { class: 'children' }, kids.filter((k) => k.class_id === c.id)
      .map((k) => row(user, k, date, session, done.get(`${k.id}:${session}`), redraw, ill.get(k.id),
        refused.get(`${k.id}:${session}`))))));
  const view = h('div', { class: 'today' },
    h('h1', {}, t('today'), ' ', h('small', {}, date)),
    h('p', { class: 'hello' }, t('hello', { name: user.name })),
    open ? null : closedNotice(),
    h('div', { class: 'tasks', role: 'group', 'aria-label': t('today') }, tasks),
    medicines(user, meds, kids, redraw),
    kids.length ? null : h('p', { class: 'empty', 'data-testid': 'empty-roster' }, await emptyRosterText(user, shown)),
    rest.length ? h('button', { type: 'button', class: 'secondary wide', 'data-testid': 'mark-rest',
      'aria-describedby': leftOut.length ? 'rest-left-out' : null, onclick: markRest },
    t('mark_rest_normal', { n: rest.length })) : null,
    rest.length && leftOut.length ? h('p', { class: 'left-out', id: 'rest-left-out', 'data-testid': 'left-out' },
      leftOutText(leftOut)) : null,
    rosters);
  if (kids.length) requestAnimationFrame(() => performance.mark('roster-ready'));
  return view;
}
