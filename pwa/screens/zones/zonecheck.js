// One zone's opening or closing self-check: pass or fail each item, with a note; proof of
// presence by its QR label (or a photo taken there). A failed item raises a hazard in the
// same tap: the check and its hazards are queued in one transaction.
// The form is redrawn when a pull brings new records (another phone's check of the same
// zone, an edited checklist): what this person marked, typed, scanned or photographed is
// kept (a draft), the rest shows the store as it is now.
import { byEntity } from '../../db.js';
import { announce, h, oneTap, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { naturalId, newId } from '../../ids.js';
import { afterSave } from '../../sync.js';
import { today } from '../../time.js';
import { checklists, draft, enqueueAll, forgetDrafts, itemLabel, kept, keptError, photoPicker, recordsOf } from './common.js';
import { scanner } from './scan.js';

export async function zoneCheckScreen(user, [zoneId, kind = 'opening']) {
  const zone = (await byEntity('zone')).find((z) => z.id === zoneId);
  if (!zone) return h('p', { class: 'error' }, t('z.no_such_zone'));
  const lists = await checklists(user);
  const items = lists.zones?.[zone.kind] ?? lists.default ?? [];
  // No checklist on the phone (offline, and none ever fetched): a check of nothing would
  // show as done here and be refused by the server. Say so, and offer nothing to save.
  if (!items.length) {
    return h('div', { class: 'zcheck' }, h('h1', {}, zone.name, ' · ', t(`z.${kind}`)),
      h('p', { class: 'notice', role: 'alert', 'data-testid': 'no-checklist' }, t('z.no_checklist')));
  }
  const date = today(user.timezone);
  const id = naturalId(user.site_id, 'zone_check', zone.id, date, kind);
  const before = (await recordsOf('zone_check')).find((c) => c.id === id);
  const key = `zcheck:${id}`;
  const mine = draft(key, () => ({ ok: {}, photos: [], code: null })); // what this person did
  const state = Object.fromEntries(items.map((i) => [i.key, { ok: mine.ok[i.key] ?? before?.items?.[i.key]?.ok ?? true,
    note: before?.items?.[i.key]?.note ?? null }]));
  const { photos } = mine;
  const [error, say] = keptError(key, 'zcheck-error');
  const scanned = h('p', { class: 'zproof', 'data-testid': 'proof', 'data-proof': mine.code ? 'qr' : null },
    t(mine.code ? 'z.proof_qr' : 'z.proof_none'));
  const rows = items.map((item) => {
    const note = kept(`${key}:note:${item.key}`, h('input', { type: 'text', maxlength: 300,
      'aria-label': t('z.note_for', { item: itemLabel(item) }), placeholder: t('z.note_placeholder'),
      oninput: () => { state[item.key].note = note.value || null; } }), state[item.key].note);
    state[item.key].note = note.value || null;
    const toggle = (ok) => h('button', { type: 'button', class: `zok ${ok ? 'pass' : 'fail'}`,
      'aria-pressed': String(state[item.key].ok === ok), 'data-item': item.key, 'data-ok': String(ok),
      'data-focus': `${key}:${item.key}:${ok}`,
      onclick: (e) => {
        state[item.key].ok = ok;
        mine.ok[item.key] = ok;
        e.target.parentElement.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.ok === String(ok))));
      } }, t(ok ? 'z.pass' : 'z.fail'));
    return h('li', { class: 'zitem' }, h('span', { class: 'name', id: `zi-${item.key}` }, itemLabel(item)),
      h('span', { class: 'zmarks', role: 'group', 'aria-labelledby': `zi-${item.key}` }, toggle(true), toggle(false)), note);
  });
  const submit = oneTap(async (e) => {
    e.preventDefault();
    say('');
    const { code } = mine;
    if (!code && !photos.length) { say(t('z.need_proof')); return; }
    const args = { zone_id: zone.id, date, kind, items: state, proof: code ? 'qr' : 'photo' };
    if (code) args.code = code; else args.photo = photos[0];
    const failed = items.filter((i) => !state[i.key].ok);
    const queue = [{ name: 'zone.check', args, record: { id, entity: 'zone_check', zone_id: zone.id, date, kind,
      items: state, failed: failed.length, proof: args.proof, photo: args.photo ?? null, recorded_by: user.id } }];
    for (const item of failed) {
      const hid = newId();
      const what = [itemLabel(item), state[item.key].note].filter(Boolean).join('：');
      const hz = { id: hid, zone_id: zone.id, what, severity: 'medium', photos: code ? [] : photos.slice(0, 6),
        source: `zone_check:${id}:${item.key}`.slice(0, 100) };
      queue.push({ name: 'hazard.report', args: hz, record: { ...hz, entity: 'hazard', status: 'reported',
        reported_by: user.id, reported_at: new Date().toISOString() } });
    }
    await enqueueAll(user, queue);
    forgetDrafts(key);
    announce(t('z.check_saved', { zone: zone.name, n: failed.length }));
    afterSave();
    location.hash = '#/zones';
  });
  return h('form', { class: 'zcheck', onsubmit: submit, 'aria-labelledby': 'zcheck-title' },
    h('h1', { id: 'zcheck-title' }, zone.name, ' · ', t(`z.${kind}`), ' ', h('small', {}, date)),
    // The check saved before and refused by the server is not done: to do again, or see why.
    before?.refused ? h('p', { class: 'notice' }, refusedChip(before)) : null,
    h('ul', { class: 'zitems' }, rows),
    h('h2', {}, t('z.proof')),
    scanned,
    scanner('zscan-file', (text) => {
      if (!text.startsWith(`sanguan:zone:${zone.id}:`)) { say(t('err.wrong_code')); return; }
      say('');
      mine.code = text; scanned.textContent = t('z.proof_qr'); scanned.dataset.proof = 'qr'; }),
    h('p', { class: 'zhint' }, t('z.photo_instead')),
    photoPicker(user, 'zcheck-photo', photos),
    error,
    h('button', { type: 'submit', class: 'primary wide' }, t('z.save_check')));
}
