// Recording one child's pick-up: by a listed adult (one tap), or by an adult not on the
// list with the parent's confirmation (who, how, when). Without the usual card it goes in
// the no-card register (无卡接送登记); a minor is refused, with the reason, before anything
// is saved. A child is picked up once a day (the record's id is the server's natural key).
// An adult on the block list (listed or not) is stopped before anything is saved, offline
// too (the pulled block list, matched as at visitor registration); only the admin may hand
// the child over anyway, deliberately, and the record says so (block_override).
import { $, announce, h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { naturalId } from '../../ids.js';
import { afterSave } from '../../sync.js';
import { deviceTime, schoolTime } from '../../time.js';
import { load, rejectedHere, rejectedNote, save, todayOf } from './data.js';
import { blockMatch, samePerson } from './identity.js';

async function record(user, child, date, args, adult) {
  const id = naturalId(user.site_id, 'pickup', child.id, date);
  const conf = args.confirmation ?? {};
  const { block_reason: _, ...sent } = args; // the reason is the server's to record
  await save(user, 'pickup.record', sent, { id, entity: 'pickup', child_id: child.id,
    class_id: child.class_id, date, adult_id: adult?.id ?? null,
    adult_name: adult?.name ?? args.adult_name, relation: adult?.relation ?? args.relation,
    listed: Boolean(adult), card: args.card, confirmed_by: conf.by ?? null,
    blocked: Boolean(args.block_override), block_reason: args.block_reason ?? null,
    confirmed_how: conf.how ?? null, confirmed_at: conf.at ?? null, recorded_by: user.id,
    device_time: deviceTime() });
  announce(t('gate.picked_done', { child: child.name }));
  afterSave();
  location.hash = `#/pickup/${child.class_id}`;
}

export async function pickupChildScreen(user, parts) {
  const date = todayOf(user);
  const { child: children, pickup_adult: adults, pickup: pickups, block_entry: blocks = [] } =
    await load('child', 'pickup_adult', ['pickup', date], 'block_entry');
  const child = children.find((c) => c.id === parts[0]);
  if (!child) return h('p', { class: 'empty' }, t('gate.no_such_child'));
  const done = pickups.find((p) => p.child_id === child.id);
  const refused = (await rejectedHere()).get(`pickup:${child.id}:${date}`);
  if (done) {
    return h('div', {}, h('h1', {}, child.name), h('p', { class: 'gate-alert', role: 'alert' },
      t('gate.already_picked', { at: schoolTime(done.device_time, user.timezone), adult: done.adult_name })), rejectedNote(refused),
    h('a', { class: 'button secondary wide', href: `#/pickup/${child.class_id}` }, t('gate.back')));
  }
  const listed = adults.filter((a) => a.child_id === child.id && a.active !== false);
  const card = () => $('#pk-card').checked;
  // Before any save: an adult on the block list stops the pick-up, with the entry's reason.
  const guarded = (args, adult) => {
    const name = adult?.name ?? args.adult_name;
    const hit = blockMatch(blocks, name, null);
    if (!hit) return record(user, child, date, args, adult);
    $('#pickup-error').textContent = '';
    $('#pickup-blocked').replaceChildren(stop(user, name, hit, () =>
      record(user, child, date, { ...args, block_override: true, block_reason: hit.reason ?? null }, adult)));
    $('#pickup-blocked').scrollIntoView?.({ block: 'center' });
    announce(t('gate.pickup_blocked', { adult: name, reason: hit.reason || t('gate.no_reason') }));
    return undefined;
  };
  const other = oneTap((e) => {
    e.preventDefault();
    const f = e.target.elements;
    const err = (key) => { $('#pickup-error').textContent = t(key); };
    if (f.minor.checked) return err('gate.minor_refused');
    if (!f.adult_name.value.trim() || !f.relation.value.trim()) return err('gate.need_adult');
    if (!f.conf_by.value.trim()) return err('gate.need_confirmation');
    if (samePerson(f.conf_by.value, f.adult_name.value)) return err('gate.self_confirmed');
    return guarded({ child_id: child.id, date, adult_name: f.adult_name.value.trim(),
      relation: f.relation.value.trim(), minor: false, card: card(),
      confirmation: { by: f.conf_by.value.trim(), how: f.conf_how.value, at: deviceTime() } }, null);
  });
  const input = (id, name, label, attrs = {}) => [h('label', { for: id }, t(label)), h('input', { id, name, maxlength: 50, ...attrs })];
  return h('div', { class: 'pickup-child' },
    h('h1', {}, t('gate.pick_up', { child: child.name })),
    h('label', { class: 'tick' }, h('input', { type: 'checkbox', id: 'pk-card', checked: true }), t('gate.has_card')),
    h('div', { id: 'pickup-blocked' }),
    h('h2', {}, t('gate.listed_adults')),
    // One pick-up a day: a second tap (on the same adult or another) does nothing.
    listed.length ? h('div', { class: 'adults', 'data-one-tap': true }, listed.map((a) => h('button', { type: 'button',
      class: 'primary wide', 'data-adult': a.id, onclick: oneTap(() => guarded({ child_id: child.id,
        date, adult_id: a.id, minor: false, card: card() }, a)) }, `${a.name}（${a.relation}）`,
      a.phone ? h('small', {}, ` ${a.phone}`) : null)))
      : h('p', { class: 'empty' }, t('gate.no_adults')),
    h('form', { class: 'other-adult', novalidate: true, onsubmit: other },
      h('h2', {}, t('gate.other_adult')),
      ...input('pk-name', 'adult_name', 'gate.f_name'),
      ...input('pk-relation', 'relation', 'gate.f_relation'),
      h('label', { class: 'tick' }, h('input', { type: 'checkbox', name: 'minor', id: 'pk-minor' }), t('gate.is_minor')),
      ...input('pk-conf', 'conf_by', 'gate.f_conf_by'),
      h('label', { for: 'pk-how' }, t('gate.f_conf_how')),
      h('select', { id: 'pk-how', name: 'conf_how' }, ['phone_call', 'in_person', 'message'].map((k) =>
        h('option', { value: k }, t(`gate.how_${k}`)))),
      h('p', { id: 'pickup-error', class: 'error', role: 'alert', 'data-testid': 'pickup-error' }),
      h('button', { type: 'submit', class: 'primary wide' }, t('gate.record_other'))));
}

// The alarm: who, the entry's reason, what to do now. The guard has no way past it; the
// admin has one, behind a tick of her own, and the record is flagged as handed over anyway.
function stop(user, adult, entry, anyway) {
  const box = h('div', { class: 'gate-alert gate-stop', role: 'alert', 'data-testid': 'pickup-blocked' },
    h('p', {}, h('strong', {}, t('gate.pickup_blocked', { adult, reason: entry.reason || t('gate.no_reason') }))),
    h('p', {}, t('gate.pickup_blocked_next')));
  if (user.role !== 'admin') return box;
  const tick = h('input', { type: 'checkbox', id: 'pk-override' });
  const go = h('button', { type: 'button', class: 'primary wide gate-override', disabled: true, 'data-testid': 'pickup-override',
    onclick: oneTap(() => (tick.checked ? anyway() : undefined)) }, t('gate.override_record'));
  tick.addEventListener('change', () => { go.disabled = !tick.checked; });
  box.append(h('label', { class: 'tick' }, tick, t('gate.override_tick')), go);
  return box;
}
