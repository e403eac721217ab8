// One child's check, in full: abnormal with temperature, symptoms and the action taken.
// Also where a rejected check is fixed and sent again (#/check/<child>/<session>?fix=<id>).
import { db } from '../db.js';
import { announce, h, oneTap } from '../dom.js';
import { t } from '../i18n.js';
import { checkId } from '../ids.js';
import { readNumber } from '../numbers.js';
import { recordCheck } from '../outbox.js';
import { afterSave } from '../sync.js';
import { SESSIONS, today } from '../time.js';

const SYMPTOMS = ['fever', 'cough', 'sore_throat', 'rash', 'hfm_blisters', 'diarrhoea',
  'vomiting', 'red_eyes', 'swollen_glands', 'fatigue', 'other'];
const ACTIONS = ['observe', 'isolate', 'sent_home', 'parent_told'];

// The server's rule (server/mutations/checks.py): 34.0–43.0 °C in steps of 0.1; outside
// that it is a typing slip, not a child. A unit typed after it (38.2°, 38.2℃ from a
// Chinese keyboard, 38.2 °C, 38.2度) is what a thermometer shows, not a slip.
const UNIT = /\s*(°\s*[cC]?|º\s*[cC]?|℃|度)$/;
export function parseTemperature(text) {
  const v = readNumber(String(text ?? '').trim().replace(UNIT, ''));
  if (v === null) return null;
  if (!Number.isFinite(v) || v < 34 || v > 43 || Math.round(v * 10) / 10 !== v) return NaN;
  return v;
}

// An abnormal check that says nothing (no temperature, symptom, action or note) is no
// evidence of anything: the form asks for at least one.
export function abnormalIsEmpty({ temperature = null, symptoms = [], action = null, note = null }) {
  return temperature === null && !symptoms.length && !action && !note;
}

// An abnormal check's form as typed: its temperature, read, or why it can't be saved as it
// is, said on the form (`error`) with the field to fix focused. Both check forms use it.
export function readAbnormal(fields, temp, error) {
  const temperature = parseTemperature(temp.value);
  const problem = Number.isNaN(temperature) ? 'bad_temperature'
    : abnormalIsEmpty({ ...fields, temperature }) ? 'abnormal_empty' : null;
  if (problem === 'bad_temperature') temp.setAttribute('aria-invalid', 'true');
  else temp.removeAttribute('aria-invalid');
  error.textContent = problem ? t(problem) : '';
  if (problem) temp.focus();
  return { temperature, ok: !problem };
}

export async function checkScreen(user, childId, session, fixId) {
  const d = await db();
  const child = await d.get('records', childId);
  // A refused check is fixed only by the one who made it: another person's (a link kept
  // on a shared phone) opens her own check form, leaving that one to its maker.
  const refused = fixId ? await d.get('rejected', fixId) : null;
  const fix = refused?.user_id === user.id ? refused : null;
  if (child?.entity !== 'child' || !SESSIONS.includes(session)) {
    // A link kept from before (a child since removed or moved to another class, a
    // refused check of one): nothing to record here, and a check sent for such a
    // child would only be refused again.
    return h('section', { class: 'check', 'aria-labelledby': 'check-title' },
      h('h1', { id: 'check-title' }, t('check_gone_title')),
      h('p', { class: 'notice', role: 'alert' }, t(fix ? 'check_gone_fix' : 'check_gone')),
      h('a', { class: 'button secondary', href: fix ? '#/rejected' : '#/today' }, t('back')));
  }
  const date = fix?.args?.date ?? today(user.timezone);
  const prior = fix?.args ?? await d.get('records', checkId(user.site_id, childId, date, session)) ?? {};
  const name = child.name;
  const error = h('p', { class: 'error', role: 'alert', id: 'check-error' });
  const temp = h('input', { id: 'temperature', name: 'temperature', inputmode: 'decimal',
    autocomplete: 'off', 'aria-describedby': 'temperature-hint check-error',
    value: prior.temperature ?? '' });
  const boxes = SYMPTOMS.map((s) => h('label', { class: 'tick' },
    h('input', { type: 'checkbox', name: 'symptom', value: s,
      checked: (prior.symptoms ?? []).includes(s) }), t(`symptom.${s}`)));
  const action = h('select', { id: 'action', name: 'action' },
    h('option', { value: '' }, t('action.none')),
    ACTIONS.map((a) => h('option', { value: a, selected: prior.action === a }, t(`action.${a}`))));
  const note = h('textarea', { id: 'note', name: 'note', rows: 2, maxlength: 500 }, prior.note ?? '');

  // One tap, one version: oneTap drops a second tap while the first is being saved, and
  // after it, until the next screen is drawn.
  async function save(e) {
    e.preventDefault();
    const symptoms = boxes.map((b) => b.firstChild).filter((b) => b.checked).map((b) => b.value);
    const fields = { date, session, status: 'abnormal', symptoms,
      action: action.value || null, note: note.value.trim() || null };
    const { temperature, ok } = readAbnormal(fields, temp, error);
    if (!ok) return;
    fields.temperature = temperature;
    await recordCheck(user, child, fields, { replaces: fix?.id ?? null });
    announce(t('marked', { child: name, status: t('status.abnormal') }));
    afterSave();
    location.hash = fix ? '#/rejected' : '#/today';
  }

  return h('form', { class: 'check', onsubmit: oneTap(save), 'aria-labelledby': 'check-title' },
    h('h1', { id: 'check-title' }, t('check_title', { child: name, session: t(`session.${session}`) })),
    fix ? h('p', { class: 'error' }, fix.message) : null,
    h('label', { for: 'temperature' }, t('temperature')), temp,
    h('small', { id: 'temperature-hint' }, t('temperature_hint')), error,
    h('fieldset', {}, h('legend', {}, t('symptoms')), h('div', { class: 'ticks' }, boxes)),
    h('label', { for: 'action' }, t('action')), action,
    h('label', { for: 'note' }, t('note')), note,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, t('save')),
      h('a', { class: 'button secondary', href: fix ? '#/rejected' : '#/today' }, t('cancel'))));
}
