// Registering a visitor at the gate (外来人员登记): durable on the phone before it says so,
// offline or not. The ID card's check digit and the block list are checked here, at once.
import { $, announce, h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { newId } from '../../ids.js';
import { afterSave } from '../../sync.js';
import { deviceTime } from '../../time.js';
import { byPerson, load, save, todayOf } from './data.js';
import { photoPicker } from '../zones/common.js';
import { blockMatch, cnIdProblem, idHash, mask, normalise } from './identity.js';

const TYPES = ['cn_id', 'passport', 'other', 'none'];

const field = (id, label, input) => [h('label', { for: id }, t(label)), input];

function readForm(form) {
  const v = (name) => form.elements[name].value.trim();
  return { name: v('name'), id_type: v('id_type'), id_number: normalise(v('id_number')) || null,
    phone: v('phone') || null, organisation: v('organisation') || null, purpose: v('purpose'),
    host_id: v('host_id'), people: Number(v('people') || 1), plate: v('plate') || null };
}

function problem(args) {
  if (!args.name) return 'gate.need_name';
  if (args.id_type === 'cn_id') { const p = cnIdProblem(args.id_number); if (p) return p; }
  if (args.id_type !== 'none' && args.id_type !== 'cn_id' && !args.id_number) return 'gate.need_number';
  if (args.phone && !/^[0-9+\- ]{5,20}$/.test(args.phone)) return 'gate.bad_phone';
  if (!args.purpose) return 'gate.need_purpose';
  if (!args.host_id) return 'gate.need_host';
  // A whole number of people: "1.5" is refused by the server ("people: Not a valid integer").
  if (!(Number.isInteger(args.people) && args.people >= 1 && args.people <= 50)) return 'gate.bad_people';
  return null;
}

// Registration, timed from the last field to the durable write (the bench reads the measure).
export async function registerVisitor(user, args, blocks, t0 = performance.now()) {
  const number = args.id_type === 'none' ? null : args.id_number;
  const hash = idHash(user.site_id, number);
  const id = newId();
  const date = todayOf(user);
  const record = { id, entity: 'visitor', date, ...args, id_number: undefined, id_masked: mask(number),
    id_hash: hash, status: 'waiting', blocked: Boolean(blockMatch(blocks, args.name, hash)),
    registered_by: user.id, registered_at: deviceTime() };
  delete record.id_number;
  await save(user, 'visitor.register', { id, date, ...args, id_number: number }, record);
  performance.measure('visitor-durable', { start: t0, end: performance.now() });
  afterSave();
  return record;
}

export async function registerScreen(user) {
  const { user: users, block_entry: blocks } = await load('user', 'block_entry');
  const photos = []; // at most one: taken offline, kept on the phone until uploaded (photos.js)
  const hosts = users.filter((u) => u.active !== false && u.role !== 'guard').sort(byPerson);
  const check = () => {
    const form = $('form.visitor-form');
    const args = readForm(form);
    const idErr = args.id_type === 'cn_id' && args.id_number ? cnIdProblem(args.id_number) : null;
    form.elements.id_number.setAttribute('aria-invalid', String(Boolean(idErr)));
    $('#id-hint').textContent = idErr ? t(idErr) : '';
    const hit = args.name || args.id_number
      ? blockMatch(blocks, args.name, idHash(user.site_id, args.id_number)) : null;
    $('#block-alert').replaceChildren(...(hit ? [h('p', { class: 'gate-alert', role: 'alert',
      'data-testid': 'block-alert' }, t('gate.blocked_alert'))] : []));
  };
  const submit = oneTap(async (e) => {
    e.preventDefault();
    const t0 = performance.now(); // the last field is in: from here to durable
    const args = readForm(e.target);
    if (photos.length) args.photo = photos[0];
    const p = problem(args);
    $('#visitor-error').textContent = p ? t(p) : '';
    if (p) return;
    const record = await registerVisitor(user, args, blocks, t0);
    announce(t('gate.registered', { name: record.name }));
    location.hash = `#/visitor/${record.id}`;
  });
  return h('form', { class: 'visitor-form', novalidate: true, onsubmit: submit, oninput: check },
    h('h1', {}, t('gate.register')),
    ...field('v-name', 'gate.f_name', h('input', { id: 'v-name', name: 'name', autocomplete: 'off', maxlength: 50, required: true })),
    ...field('v-type', 'gate.f_id_type', h('select', { id: 'v-type', name: 'id_type' },
      TYPES.map((k) => h('option', { value: k }, t(`gate.id_${k}`))))),
    ...field('v-number', 'gate.f_id_number', h('input', { id: 'v-number', name: 'id_number',
      autocomplete: 'off', maxlength: 32, 'aria-describedby': 'id-hint' })),
    h('p', { id: 'id-hint', class: 'error', 'aria-live': 'polite' }),
    h('div', { id: 'block-alert' }),
    ...field('v-phone', 'gate.f_phone', h('input', { id: 'v-phone', name: 'phone', type: 'tel', maxlength: 20 })),
    ...field('v-org', 'gate.f_org', h('input', { id: 'v-org', name: 'organisation', maxlength: 100 })),
    ...field('v-purpose', 'gate.f_purpose', h('input', { id: 'v-purpose', name: 'purpose', maxlength: 200, required: true })),
    ...field('v-host', 'gate.f_host', h('select', { id: 'v-host', name: 'host_id', required: true },
      h('option', { value: '' }, t('gate.choose_host')),
      hosts.map((u) => h('option', { value: u.id }, `${u.name}（${t(`gate.role_${u.role}`)}）`)))),
    ...field('v-people', 'gate.f_people', h('input', { id: 'v-people', name: 'people', type: 'number',
      min: 1, max: 50, step: 1, value: '1', inputmode: 'numeric' })),
    ...field('v-plate', 'gate.f_plate', h('input', { id: 'v-plate', name: 'plate', maxlength: 16 })),
    photoPicker(user, 'v-photo', photos, t('gate.f_photo'), { max: 1 }),
    h('p', { id: 'visitor-error', class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary wide' }, t('gate.save_visitor')));
}
