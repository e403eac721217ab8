// "My list for now": the items due in the current window first, then the rest of today;
// one tap to tick, a field only where the item asks for more; overdue items marked. All
// from the phone's store; a tick is durable on the phone (with its device time) before
// it shows done, and the class's other staff see it after their next pull.
import { all } from '../../db.js';
import { announce, h, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { readNumber } from '../../numbers.js';
import { afterSave } from '../../sync.js';
import { enqueueAll, forgetDrafts, kept, keptError, names, photoPicker } from '../zones/common.js';
import { myItems } from './data.js';
import { inWindow, isOpen, overdue, schoolNow, timing } from './rules.js';

// What was typed but not yet saved, and why a value was refused, are kept across redraws
// (a pull redraws this screen) by key `routine:<id>` (zones/common.js's drafts).

export function tickItem(user, { tpl, item, owner, id }, value = null, note = null) {
  const now = schoolNow(user.timezone);
  const args = { template_id: tpl.id, item_key: item.key, date: now.date, owner_id: owner.id };
  if (value !== null) args.value = value;
  if (note) args.note = note;
  const record = { id, entity: 'routine_tick', template_id: tpl.id, item_key: item.key,
    date: now.date, owner_id: owner.id, class_id: owner.class_id, label: item.label,
    value: { v: value ?? true }, note, timing: timing(item, now.date, now.date, now.time),
    recorded_by: user.id };
  return { name: 'routine.tick', args, record };
}

// Why the value does not fit the item (null: it fits), as the server would say.
export function problem(item, value) {
  if (item.needs === 'number') {
    const lo = item.min ?? -Infinity;
    const hi = item.max ?? Infinity;
    if (value === null || Number.isNaN(value) || value < lo || value > hi) {
      return t('r.need_number', { min: item.min ?? '…', max: item.max ?? '…' });
    }
  }
  if (item.needs === 'note' && !value) return t('r.need_note');
  if (item.needs === 'photo' && !value) return t('r.need_photo');
  if (item.needs === 'choice' && !(item.choices ?? []).includes(value)) return t('r.need_note');
  return null;
}

function control(user, entry, save) {
  const { item, id } = entry;
  const [error, say] = keptError(`routine:${id}`, `err-${id}`);
  const submit = (value) => {
    const why = problem(item, value);
    say(why);
    if (!why) save(value);
  };
  const needs = item.needs ?? 'tick';
  if (needs === 'tick') {
    return h('button', { type: 'button', class: 'primary rtick', 'data-focus': `tick-${id}`,
      onclick: () => save(null) }, t('r.tick'));
  }
  if (needs === 'choice') {
    return h('div', { class: 'rchoices' }, (item.choices ?? []).map((c) =>
      h('button', { type: 'button', class: 'secondary', onclick: () => submit(c) }, c)), error);
  }
  if (needs === 'photo') {
    const photos = [];
    return h('div', { class: 'rphoto' }, photoPicker(user, `photo-${id}`, photos, t('r.photo')),
      h('button', { type: 'button', class: 'primary', onclick: () => submit(photos.at(-1) ?? null) }, t('r.save')), error);
  }
  // A number is typed in a text field with the decimal keypad: a number field hides its
  // caret from script, so a redraw by a pull mid-typing (which keeps the typing and puts
  // focus back) could not put the caret back and the next digits went in front.
  const input = kept(`routine:${id}:value`, h('input', { id: `in-${id}`, name: 'value', type: 'text',
    inputmode: needs === 'number' ? 'decimal' : null, autocomplete: 'off', maxlength: needs === 'note' ? 500 : 32,
    'aria-describedby': `err-${id}`, 'aria-invalid': error.textContent ? 'true' : null }));
  const read = () => (needs === 'number' ? readNumber(input.value) : input.value.trim());
  // novalidate: the browser's own bubble would say less than the item's range does
  return h('form', { class: 'rvalue', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    submit(read());
    if (error.textContent) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  } },
    h('label', { for: `in-${id}` }, needs === 'number' ? `${t('r.value')}${item.unit ? `（${item.unit}）` : ''}` : t('t.needs.note')),
    input, h('button', { type: 'submit', class: 'primary' }, t('r.save')), error);
}

function row(user, entry, now, who, multi, save) {
  const { item, owner, tick, id } = entry;
  const late = !tick && overdue(item, now.time);
  const state = tick ? (tick.timing === 'on_time' ? 'done' : tick.timing) : late ? 'overdue' : 'todo';
  const when = item.start || item.end ? t('r.window', { start: item.start ?? '', end: item.end ?? '' }) : '';
  const shown = tick?.value?.v;
  return h('li', { class: `ritem ${state}`, 'data-item': item.key, 'data-owner': owner.id, 'data-state': state, id: `item-${id}` },
    h('div', { class: 'rhead' },
      h('span', { class: 'rlabel' }, item.label),
      h('small', {}, when, multi && owner.name ? ` · ${owner.name}` : '',
        late ? h('strong', { class: 'roverdue' }, ` ${t('r.overdue')}`) : ''),
      entry.refused && !tick ? refusedChip(entry.refused) : null),
    tick ? h('p', { class: 'rdone' }, h('strong', {}, t(tick.timing === 'on_time' ? 'r.done' : `r.${tick.timing}`)),
      ' ', t('r.by', { who: who.get(tick.recorded_by) ?? '', at: schoolNow(user.timezone, new Date(tick.device_time)).time }),
      shown !== true && shown !== undefined && !(item.needs === 'photo') ? ` · ${shown}${item.unit ?? ''}` : '',
      tick.pending ? ` · ${t('r.waiting')}` : '')
      : control(user, entry, save));
}

export async function routinesScreen(user, parts, query, redraw) {
  const now = schoolNow(user.timezone);
  const [{ items, open, multi }, who, rejected] = await Promise.all([myItems(user, now.date), names(), all('rejected')]);
  const save = (entry) => async (value) => {
    const t0 = performance.now();
    await enqueueAll(user, [tickItem(user, entry, value)]);
    performance.measure('routine-tick-durable', { start: t0, end: performance.now() });
    forgetDrafts(`routine:${entry.id}:`);
    announce(t('r.done'));
    afterSave();
    redraw();
  };
  const draw = (e) => row(user, e, now, who, multi, save(e));
  const current = items.filter((e) => !e.tick && inWindow(e.item, now.time));
  const rest = items.filter((e) => !e.tick && !current.includes(e));
  const done = items.filter((e) => e.tick);
  const refused = rejected.filter((m) => m.name === 'routine.tick' && m.user_id === user.id);
  const links = [['#/drills', 'r.drills'], ['#/letters', 'r.letters'], ['#/routine-history', 'r.history']];
  if (user.role === 'admin') links.push(['#/routine-templates', 'r.templates']);
  const list = (key, entries, cls) => (entries.length ? [h('h2', { id: `h-${cls}` }, t(key), ` (${entries.length})`),
    h('ul', { class: `rlist ${cls}`, 'aria-labelledby': `h-${cls}` }, entries.map(draw))] : []);
  return h('div', { class: 'routines' },
    h('h1', {}, t('r.title'), ' ', h('small', {}, `${now.date} ${now.time}`)),
    h('nav', { class: 'rlinks', 'aria-label': t('r.links') },
      links.map(([href, key]) => h('a', { href, class: 'button secondary' }, t(key)))),
    refused.length ? h('div', { class: 'notice', role: 'alert', 'data-testid': 'routine-refused' },
      h('p', {}, h('a', { href: '#/rejected' }, t('r.refused', { n: refused.length }))),
      h('ul', {}, refused.map((m) => h('li', {}, t('r.refused_row', {
        label: items.find((e) => e.item.key === m.args?.item_key)?.item.label ?? m.args?.item_key,
        reason: t(`err.${m.code}`) === `err.${m.code}` ? m.message : t(`err.${m.code}`) }))))) : null,
    !isOpen(now.date, open) ? h('p', { class: 'empty' }, t('r.closed'))
      : items.length ? [...list('r.now', current, 'now'), ...list('r.rest', rest, 'rest'), ...list('r.done_list', done, 'done')]
        : h('p', { class: 'empty' }, t('r.none_today')));
}
