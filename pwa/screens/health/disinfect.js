// Disinfection (#/disinfect, #/disinfect/<room>): per room what is due today (stepped up
// in outbreak mode; nothing on a day the school is closed) and what was left undone on
// the last school day; record a round; the UV timer that runs on while the app is closed;
// the chlorine dilution helper. Rounds below the minimum are kept, and flagged.
import { addDays, closedNotice, isOpen, previousSchoolDay, schoolCalendar } from '../../calendar.js';
import { byName } from '../../classes.js';
import { byEntity, db } from '../../db.js';
import { announce, h, oneTap, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { readNumber } from '../../numbers.js';
import { afterSave } from '../../sync.js';
import { schoolTime, today } from '../../time.js';
import { amountMax, badRound, chlorineMgPerL, disinfectionContext, dueRounds, inOutbreak, ITEMS,
  recordRound, roundsOf, UNITS } from './disinfect_rules.js';
import { finish, startUv, timers, watch } from './uv.js';

async function roomsOf(user) {
  const rooms = await byEntity('room');
  const mine = user.role === 'caregiver' ? new Set(user.class_ids) : null;
  return rooms.filter((r) => !mine || mine.has(r.class_id)).sort(byName);
}

// The day's place in the school's calendar: whether anything is due, and the last school
// day before it, whose missing rounds are shown (on a Monday, Friday's).
async function schoolDay(date) {
  const calendar = await schoolCalendar();
  return { date, open: isOpen(date, calendar), before: previousSchoolDay(date, calendar) };
}

// Per item: due (the room's own needs, else the school's defaults), done (distinct
// rounds), below minimum, and the missing rounds of the last school day. A round the
// server refused (outbox.js settle) is shown, marked, but not counted done.
async function status(room, day, ctx) {
  const [now, before] = await Promise.all([roundsOf(room.id, day.date),
    day.before ? roundsOf(room.id, day.before) : []]);
  return ITEMS.map((item) => {
    const needed = dueRounds(ctx, room, item);
    const due = day.open ? needed : 0;
    const rounds = now.filter((r) => r.item === item);
    const done = rounds.filter((r) => !r.refused);
    const prev = new Set(before.filter((r) => r.item === item && !r.refused).map((r) => r.round)).size;
    return { item, due, done: new Set(done.map((r) => r.round)).size, rounds,
      refused: rounds.length - done.length,
      below: done.filter((r) => r.below_minimum).length,
      overdue: day.before ? Math.max(0, needed - prev) : 0,
      next: Math.max(0, ...done.map((r) => r.round)) + 1 };
  }).filter((s) => s.due || s.done);
}

function overdueChip(day, n) {
  const text = day.before === addDays(day.date, -1) ? t('dis.overdue', { n })
    : t('dis.overdue_on', { n, day: day.before.slice(5) });
  return h('span', { class: 'chip warn', 'data-overdue': day.before }, text);
}

function countdown(timer) {
  const el = h('span', { class: 'uv-left', role: 'timer' });
  const tick = () => {
    const left = Math.max(0, new Date(timer.ends_at) - Date.now());
    el.textContent = `${String(Math.floor(left / 60000)).padStart(2, '0')}:${String(Math.floor(left / 1000) % 60).padStart(2, '0')}`;
    if (el.isConnected || !el.dataset.started) { el.dataset.started = '1'; setTimeout(tick, 1000); }
  };
  tick();
  return el;
}

async function listScreen(user, day, ctx) {
  const rooms = await roomsOf(user);
  const rows = [];
  for (const room of rooms) {
    const s = await status(room, day, ctx);
    const missing = s.reduce((n, x) => n + Math.max(0, x.due - x.done), 0);
    const below = s.reduce((n, x) => n + x.below, 0);
    const refused = s.reduce((n, x) => n + x.refused, 0);
    const state = missing ? 'dis.missing' : s.some((x) => x.due) ? 'dis.all_done' : 'dis.none_due';
    rows.push(h('li', { 'data-room': room.id }, h('a', { class: 'button secondary wide', href: `#/disinfect/${room.id}` },
      room.name, ' ', t(state, { n: missing }),
      below ? ` · ${t('dis.below', { n: below })}` : '', refused ? ` · ${t('refused_n', { n: refused })}` : '',
      inOutbreak(ctx.modes, room) ? ` · ${t('dis.outbreak')}` : '')));
  }
  return h('div', { class: 'hc-disinfect' }, h('h1', {}, t('dis.title'), ' ', h('small', {}, day.date)),
    day.open ? null : closedNotice(), await timerList(user.timezone), rows.length ? h('ul', { class: 'hc-list' }, rows) : h('p', { class: 'empty' }, t('dis.no_rooms')));
}

async function timerList(timeZone) {
  const list = await timers();
  if (!list.length) return null;
  return h('section', { class: 'uv-timers', 'aria-labelledby': 'uv-title' }, h('h2', { id: 'uv-title' }, t('dis.uv_running')),
    h('ul', { class: 'hc-list' }, list.map((x) => h('li', { 'data-timer': x.id },
      `${x.room.name} · ${t(`item.${x.item}`)} #${x.round} · ${schoolTime(x.started_at, timeZone)}–${schoolTime(x.ends_at, timeZone)} `, countdown(x), ' ',
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        await finish(x, new Date().toISOString()); announce(t('dis.stopped'));
      } }, t('dis.stop_early'))))));
}

function chlorineHelper(amount) {
  const mg = h('input', { id: 'cl-mg', inputmode: 'decimal', value: '500' });
  const n = h('input', { id: 'cl-n', inputmode: 'decimal', value: '1' });
  const l = h('input', { id: 'cl-l', inputmode: 'decimal', value: '1' });
  const out = h('output', { id: 'cl-out', for: 'cl-mg cl-n cl-l', 'aria-live': 'polite' });
  const calc = () => {
    const v = chlorineMgPerL(readNumber(mg.value), readNumber(n.value), readNumber(l.value));
    out.textContent = v === null ? '—' : `${v} mg/L`;
    return v;
  };
  [mg, n, l].forEach((x) => x.addEventListener('input', calc));
  calc();
  return h('fieldset', { class: 'cl-helper' }, h('legend', {}, t('dis.dilution')),
    h('label', { for: 'cl-mg' }, t('dis.tablet_mg')), mg, h('label', { for: 'cl-n' }, t('dis.tablets')), n,
    h('label', { for: 'cl-l' }, t('dis.litres')), l, h('p', {}, t('dis.strength'), ' ', out),
    h('button', { type: 'button', class: 'secondary', onclick: () => { const v = calc(); if (v) amount.value = String(v); } },
      t('dis.use_strength')));
}

async function roomScreen(user, room, day, ctx, redraw) {
  const { date } = day;
  const s = await status(room, day, ctx);
  const error = h('p', { class: 'error', role: 'alert', id: 'dis-error' });
  const item = h('select', { id: 'dis-item' }, ITEMS.map((i) => h('option', { value: i }, t(`item.${i}`))));
  const method = h('select', { id: 'dis-method' });
  const round = h('input', { id: 'dis-round', inputmode: 'numeric', value: '1' });
  const amount = h('input', { id: 'dis-amount', inputmode: 'decimal', 'aria-describedby': 'dis-unit dis-error' });
  const unit = h('small', { id: 'dis-unit' });
  const minutes = h('input', { id: 'uv-min', inputmode: 'numeric', value: '60' });
  const noteEl = h('textarea', { id: 'dis-note', rows: 2, maxlength: 500 });
  const helper = chlorineHelper(amount);
  const uvPart = h('div', { class: 'uv-start' }, h('label', { for: 'uv-min' }, t('dis.uv_minutes')), minutes,
    h('button', { type: 'button', class: 'primary', 'data-testid': 'uv-start', onclick: async () => {
      const m = readNumber(minutes.value);
      if (!(m > 0 && m <= 600)) { error.textContent = t('dis.bad_minutes'); return; }
      await startUv(user, room, { date, item: item.value, round: readNumber(round.value) || 1, minutes: m });
      announce(t('dis.uv_started')); redraw();
    } }, t('dis.uv_start')));
  const sync = () => {
    const methods = ctx.rules.allowed_methods[item.value];
    const keep = methods.includes(method.value) ? method.value : methods[0];
    method.replaceChildren(...methods.map((m) => h('option', { value: m, selected: m === keep }, t(`method.${m}`))));
    unit.textContent = UNITS[method.value];
    helper.hidden = method.value !== 'chlorine';
    uvPart.hidden = method.value !== 'uv';
    round.value = String(s.find((x) => x.item === item.value)?.next ?? 1);
  };
  item.addEventListener('change', sync);
  method.addEventListener('change', () => { const r = round.value; sync(); round.value = r; });
  const first = s.find((x) => x.done < x.due);
  if (first) item.value = first.item;
  sync();

  async function save(e) {  // one round a tap (oneTap)
    e.preventDefault();
    const a = readNumber(amount.value);
    const r = readNumber(round.value);
    const bad = badRound(ctx.rules, { amount: a, round: r, method: method.value });
    for (const [field, el] of [['amount', amount], ['round', round]]) {
      if (bad === field) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid');
    }
    if (bad) {
      error.textContent = bad === 'round' ? t('dis.bad_round') : t('dis.bad_amount',
        { max: amountMax(ctx.rules, method.value), unit: UNITS[method.value] });
      (bad === 'round' ? round : amount).focus();
      return;
    }
    error.textContent = '';
    await recordRound(user, room, { date, item: item.value, round: r, method: method.value, amount: a,
      note: noteEl.value.trim() || null });
    announce(t('dis.saved')); afterSave(); await redraw();
  }
  const rows = s.map((x) => h('li', { class: x.done >= x.due ? 'ok' : 'due', 'data-item': x.item },
    h('strong', {}, t(`item.${x.item}`)), ' ', t('dis.done_of', { done: x.done, due: x.due }),
    x.overdue ? overdueChip(day, x.overdue) : null,
    x.rounds.sort((a, b) => a.round - b.round).map((r) => (r.refused
      ? refusedChip(r, `#${r.round} ${t(`method.${r.method}`)} ${r.amount ?? ''}${r.unit ?? ''} ${t('refused')}`)
      : h('span', { class: `chip ${r.below_minimum ? 'bad' : 'ok'}`, 'data-below': String(Boolean(r.below_minimum)) },
        `#${r.round} ${t(`method.${r.method}`)} ${r.amount ?? ''}${r.unit ?? ''}`, r.below_minimum ? ` ${t('dis.below_min')}` : '')))));
  return h('div', { class: 'hc-disinfect' },
    h('h1', {}, room.name, ' ', h('small', {}, date)),
    day.open ? null : closedNotice(),
    inOutbreak(ctx.modes, room) ? h('p', { class: 'notice' }, t('dis.outbreak_note')) : null,
    await timerList(user.timezone),
    h('ul', { class: 'hc-list dis-items' }, rows),
    h('form', { class: 'dis-form', onsubmit: oneTap(save), 'aria-labelledby': 'dis-form-title' },
      h('h2', { id: 'dis-form-title' }, t('dis.record')),
      h('label', { for: 'dis-item' }, t('dis.item')), item, h('label', { for: 'dis-method' }, t('dis.method')), method,
      h('label', { for: 'dis-round' }, t('dis.round')), round, uvPart, helper,
      h('label', { for: 'dis-amount' }, t('dis.amount')), amount, unit,
      h('label', { for: 'dis-note' }, t('note')), noteEl, error,
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('dis.save')),
        h('a', { class: 'button secondary', href: '#/disinfect' }, t('dis.all_rooms')))));
}

export async function disinfectScreen(user, parts, query, redraw) {
  watch();
  const [day, ctx] = await Promise.all([schoolDay(today(user.timezone)), disinfectionContext()]);
  if (parts[0]) {
    const room = await (await db()).get('records', parts[0]);
    if (room) return roomScreen(user, room, day, ctx, redraw);
  }
  return listScreen(user, day, ctx);
}
