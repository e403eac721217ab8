// One child's check (#/hcheck/<child>/<session>?status=abnormal|absent): the abnormal form
// (temperature stepper in 0.1 °C, symptom chips, action, note) or the absence (reason,
// symptoms when ill); a correction is a new version and every version is shown (who,
// when, what). Below: the medicine handed over today and its doses.
// Nothing is filled in that nobody saw: the temperature is empty until one is measured,
// and an absence's reason is unknown until someone says (ill opens a follow-up), as on
// Today's form.
import { byEntity, db } from '../../db.js';
import { announce, h, oneTap, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { checkId } from '../../ids.js';
import { enqueueMany } from '../../outbox.js';
import { parseTemperature, readAbnormal } from '../check.js';
import { afterSave } from '../../sync.js';
import { schoolTime, today } from '../../time.js';
import { medicineSection } from './medicine.js';
import { ACTIONS, checkItem, REASONS, SYMPTOMS, userNames } from './shared.js';

function describe(v) {
  const parts = [t(`status.${v.status}`)];
  if (v.temperature) parts.push(`${Number(v.temperature).toFixed(1)}°C`);
  if (v.absence_reason) parts.push(t(`reason.${v.absence_reason}`));
  for (const s of v.symptoms ?? []) parts.push(t(`symptom.${s}`));
  if (v.action) parts.push(t(`action.${v.action}`));
  if (v.note) parts.push(`“${v.note}”`);
  return parts.join(' · ');
}

// The versions the server holds are in the check's `history`; a check recorded before it
// kept them has `check_history` records instead (still in the store of a phone that pulled
// them, and in the feed); the versions not sent yet are in the outbox. One version, one
// mutation id, whichever of them has it.
async function history(id, names, timeZone) {
  const d = await db();
  const [check, legacy, outbox] = await Promise.all([d.get('records', id), byEntity('check_history'), d.getAll('outbox')]);
  const versions = [...(check?.history ?? [])];
  const seen = new Set(versions.map((v) => v.id));
  for (const v of legacy) if (v.check_id === id && !seen.has(v.id)) versions.push(v);
  const rows = versions.map((v) => ({ id: v.id, values: v.values,
    by: names.get(v.recorded_by) ?? '?', at: v.device_time, hlc: v.hlc, pending: false }));
  const sent = new Set(rows.map((r) => r.id));
  for (const m of outbox) {
    if (m.name === 'check.record' && m.record_id === id && !sent.has(m.id)) {
      rows.push({ id: m.id, values: m.args, by: names.get(m.user_id) ?? '', at: m.device_time, hlc: m.hlc, pending: true });
    }
  }
  rows.sort((a, b) => (a.hlc < b.hlc || (a.hlc === b.hlc && a.id < b.id) ? -1 : 1));
  return h('section', { class: 'hc-history', 'aria-labelledby': 'hc-history-title' },
    h('h2', { id: 'hc-history-title' }, t('hc.history')),
    rows.length ? h('ol', { 'data-testid': 'history' }, rows.map((r) => h('li', {},
      h('strong', {}, `${schoolTime(r.at, timeZone)} ${r.by}`), ' ', describe(r.values),
      r.pending ? h('small', { class: 'chip warn' }, t('hc.not_sent')) : null)))
      : h('p', { class: 'empty' }, t('hc.no_history')));
}

export async function childScreen(user, parts, query) {
  const [childId, session = 'morning'] = parts;
  const d = await db();
  const child = await d.get('records', childId) ?? { id: childId, name: childId, class_id: null };
  const date = today(user.timezone);
  const id = checkId(user.site_id, childId, date, session);
  const prior = await d.get('records', id) ?? {};
  const names = await userNames();
  let status = query.get('status') ?? (prior.status === 'absent' ? 'absent' : 'abnormal');
  const back = '#/checks';

  const error = h('p', { class: 'error', role: 'alert', id: 'hc-error' });
  const temp = h('input', { id: 'hc-temp', name: 'temperature', inputmode: 'decimal', autocomplete: 'off',
    'aria-describedby': 'hc-temp-hint hc-error',
    value: prior.temperature ? Number(prior.temperature).toFixed(1) : '' });
  const step = (delta) => () => {
    const v = parseTemperature(temp.value);
    const base = Number.isFinite(v) && v !== null ? v : 37.5;
    temp.value = Math.min(43, Math.max(34, Math.round((base + delta) * 10) / 10)).toFixed(1);
  };
  const symptomBox = (s) => h('label', { class: 'tick hc-chip' }, h('input', { type: 'checkbox',
    name: 'symptom', value: s, checked: (prior.symptoms ?? []).includes(s) }), t(`symptom.${s}`));
  const symptoms = h('fieldset', {}, h('legend', {}, t('symptoms')), h('div', { class: 'ticks' }, SYMPTOMS.map(symptomBox)));
  const action = h('select', { id: 'hc-action', name: 'action' }, h('option', { value: '' }, t('action.none')),
    ACTIONS.map((a) => h('option', { value: a, selected: prior.action === a }, t(`action.${a}`))));
  const reasons = h('fieldset', {}, h('legend', {}, t('hc.reason')), h('div', { class: 'ticks' },
    REASONS.map((r) => h('label', { class: 'tick' }, h('input', { type: 'radio', name: 'reason', value: r,
      checked: (prior.absence_reason ?? 'unknown') === r, onchange: () => show() }), t(`reason.${r}`)))));
  const note = h('textarea', { id: 'hc-note', name: 'note', rows: 2, maxlength: 500 }, prior.note ?? '');
  const abnormalPart = h('div', { class: 'hc-abnormal' },
    h('label', { for: 'hc-temp' }, t('temperature')),
    h('div', { class: 'stepper' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': t('hc.colder'), onclick: step(-0.1) }, '−'),
      temp,
      h('button', { type: 'button', class: 'secondary', 'aria-label': t('hc.warmer'), onclick: step(0.1) }, '+')),
    h('small', { id: 'hc-temp-hint' }, t('temperature_hint')),
    h('label', { for: 'hc-action' }, t('action')), action);
  const reason = () => reasons.querySelector('input:checked')?.value ?? 'unknown';
  function show() {
    abnormalPart.hidden = status !== 'abnormal';
    reasons.hidden = status !== 'absent';
    symptoms.hidden = status === 'absent' && reason() !== 'ill';
  }
  const statusPick = h('div', { class: 'tasks', role: 'group', 'aria-label': t('hc.status') },
    ['abnormal', 'absent'].map((s) => h('button', { type: 'button', class: 'task', 'data-status': s,
      'aria-pressed': String(status === s),
      onclick: (e) => { status = s; statusPick.querySelectorAll('button').forEach((b) =>
        b.setAttribute('aria-pressed', String(b === e.currentTarget))); show(); } }, t(`status.${s}`))));
  show();

  // One tap, one version: oneTap (on the form and its buttons alike) drops a second tap
  // while the first is being saved, and after it, until the roster is drawn.
  async function save(chosen) {
    const ticked = [...symptoms.querySelectorAll('input:checked')].map((b) => b.value);
    const fields = { date, session, status: chosen, temperature: null,
      symptoms: chosen === 'normal' ? [] : ticked, action: action.value || null,
      absence_reason: chosen === 'absent' ? reason() : null, note: note.value.trim() || null };
    if (chosen === 'abnormal') {
      const { temperature, ok } = readAbnormal(fields, temp, error);
      if (!ok) return;
      fields.temperature = temperature;
    } else {
      temp.removeAttribute('aria-invalid');
      error.textContent = '';
    }
    await enqueueMany(user, [checkItem(user, child, fields)]);
    announce(t('marked', { child: child.name, status: t(`status.${chosen}`) }));
    afterSave();
    location.hash = back;
  }

  const form = h('form', { class: 'check hc-check', 'aria-labelledby': 'hc-title',
    onsubmit: oneTap((e) => { e.preventDefault(); return save(status); }) },
  h('h1', { id: 'hc-title' }, t('check_title', { child: child.name, session: t(`session.${session}`) })),
  // A check the server refused is not this child's check: it says so, and where to see why.
  prior.status ? h('p', {}, t('hc.now'), ' ', describe(prior),
    prior.refused ? [' ', refusedChip(prior, t('refused_check', { status: t(`status.${prior.status}`) }))] : null) : null,
  statusPick, abnormalPart, reasons, symptoms, error,
  h('label', { for: 'hc-note' }, t('note')), note,
  h('div', { class: 'buttons' },
    h('button', { type: 'submit', class: 'primary' }, t('save')),
    prior.status && prior.status !== 'normal'
      ? h('button', { type: 'button', class: 'secondary', onclick: oneTap(() => save('normal')) }, t('hc.mark_normal')) : null,
    h('a', { class: 'button secondary', href: back }, t('cancel'))));
  return h('div', { class: 'hc-child' }, form, await history(id, names, user.timezone),
    await medicineSection(user, child, date));
}
