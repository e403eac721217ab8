// Shared by the zones screens: several mutations in ONE transaction (a failed check item
// raises its hazard in the same tap), the checklists, names, and the photo picker.
import { api } from '../../api.js';
import { changed } from '../../bus.js';
import { byDay, byEntity, getSetting, outboxInOrder, setSetting, tx } from '../../db.js';
import { h } from '../../dom.js';
import { getLocale, t } from '../../i18n.js';
import { Clock, parse } from '../../hlc.js';
import { newId } from '../../ids.js';
import { layOver } from '../../outbox.js';
import { dropPhoto, photoUrl, takePhoto } from '../../photos.js';
import { tokenFor } from '../../session.js';
import { deviceTime } from '../../time.js';

const MERGED = new Set(['zone_check', 'routine_tick']);

// [{name, args, record}] → the outbox and records in one transaction; resolves once durable.
export async function enqueueAll(user, items) {
  const t = await tx(['records', 'outbox', 'settings']);
  const settings = t.objectStore('settings');
  const records = t.objectStore('records');
  const [node, last, stored] = await Promise.all([settings.get('device_id'), settings.get('hlc'),
    Promise.all(items.map(({ record }) => (record ? records.get(record.id) : null)))]);
  const clock = new Clock(node, last ? parse(last) : null);
  const writes = [];
  const made = [];
  const laid = new Map(); // a record laid twice in one tap: the second goes over the first
  for (const [i, { name, args, record = null }] of items.entries()) {
    const hlc = clock.now(Date.now());
    const m = { id: newId(), name, hlc, device_time: deviceTime(), args, user_id: user.id,
      record_id: record?.id ?? null };
    // Only rows the server merges by clock (zone_check, routine_tick) keep the local clock:
    // pull.js keeps a local record newer than the pulled one, and the others' pulled rows
    // carry none.
    if (record) {
      // It keeps the server's row under it (outbox.js layOver), for a refusal discarded.
      const local = { ...layOver(record, laid.get(record.id) ?? stored[i]), device_time: m.device_time, pending: m.id };
      if (MERGED.has(record.entity)) local.hlc = hlc;
      m.local = local; // shown over what a pull brings until the server has answered for it
      laid.set(record.id, local);
      writes.push(records.put(local));
    }
    // put() clones its value there and then: the entry must be whole (with `local`) first.
    writes.push(t.objectStore('outbox').put(m));
    made.push(m);
  }
  writes.push(settings.put(made.at(-1).hlc, 'hlc'));
  await Promise.all([...writes, t.done]);
  changed('outbox');
  return made;
}

// An entity's records as this phone last made them: a pull that was under way while a
// change was queued must not hide it, so queued changes are laid over the pulled rows.
// Given a `date`, that day's records only (db.js byDay), queued ones of that day included.
export async function recordsOf(entity, date = null) {
  const [rows, queued] = await Promise.all([date ? byDay(entity, date) : byEntity(entity), outboxInOrder()]);
  const out = new Map(rows.map((r) => [r.id, r]));
  for (const m of queued) {
    if (m.local?.entity !== entity) continue;
    const row = { ...out.get(m.local.id), ...m.local };
    if (!date || row.date === date) out.set(m.local.id, row);
  }
  return [...out.values()];
}

// The checklists in force: the feed's site record carries them (server/feed.py), so a
// phone has them offline from its first sync. A site record pulled from a server that did
// not send them yet: GET /api/zones/checklists, its answer kept for offline use. None at
// all (offline, never fetched): empty lists, which the screens say and do not save.
export async function checklists(user) {
  const [site] = await byEntity('site');
  if (site?.zone_checklists) return site.zone_checklists;
  const kept = await getSetting('zone_checklists');
  if (kept && !navigator.onLine) return kept;
  try {
    const fresh = await api('/api/zones/checklists', { token: await tokenFor(user.id) });
    await setSetting('zone_checklists', fresh);
    return fresh;
  } catch {
    return kept ?? { zones: {}, default: [], equipment: {} };
  }
}

// Zones forms are redrawn when a pull brings new records (so nothing else on them is
// stale); what someone has typed or picked there is kept here across those redraws, by
// key, until the form is sent.
const drafts = new Map();

export function draft(key, make) {
  if (!drafts.has(key)) drafts.set(key, make());
  return drafts.get(key);
}

export function forgetDrafts(prefix) {
  for (const key of [...drafts.keys()]) if (key.startsWith(prefix)) drafts.delete(key);
}

// A text field that keeps its typing across a redraw (and gets focus and caret back: the
// shell restores them by data-focus). `fallback`: its value when nothing was typed.
export function kept(key, el, fallback = '') {
  const typed = drafts.get(key);
  el.value = typed ?? fallback ?? '';
  el.dataset.focus = key;
  el.addEventListener('input', () => drafts.set(key, el.value));
  return el;
}

// A form's line saying why it was refused, still saying it after a redraw (it went blank
// when a pull redrew the screen a moment after it showed), until `say` clears it or the
// form is sent (forgetDrafts with the same key's prefix). Returns [line, say].
export function keptError(key, id) {
  const at = `${key}:error`;
  const line = h('p', { class: 'error', role: 'alert', id }, drafts.get(at) ?? '');
  const say = (text) => {
    line.textContent = text ?? '';
    if (text) drafts.set(at, text); else drafts.delete(at);
  };
  return [line, say];
}

export const itemLabel = (item) => (getLocale() === 'en' ? item.en : item.zh) ?? item.key;

export async function names() {
  return new Map((await byEntity('user')).map((u) => [u.id, u.name]));
}

export async function zonesById() {
  return new Map((await byEntity('zone')).map((z) => [z.id, z]));
}

export const isOverdue = (hz, date) => ['reported', 'assigned'].includes(hz.status)
  && Boolean(hz.deadline) && hz.deadline < date;

// A field: label + control, ids tied together.
export function field(id, label, control) {
  control.id = id;
  return h('div', { class: 'zfield' }, h('label', { for: id }, label), control);
}

// "Take a photo": shrunk and stored on the phone; `photos` (an array) gets its SHA-256.
// Photos already in the array (kept across a redraw) are shown. `max`: a new photo past it
// replaces the oldest (one photo of a visitor).
export function photoPicker(user, id, photos, label = t('z.add_photo'), { max = 6 } = {}) {
  const list = h('ul', { class: 'zthumbs', 'aria-label': t('z.photos') }, photos.map((sha) => thumb(sha)));
  const status = h('p', { class: 'zhint', 'aria-live': 'polite' },
    photos.length ? t('z.photo_kept', { n: photos.length }) : '');
  const input = h('input', { type: 'file', accept: 'image/*', capture: 'environment', id,
    class: 'zfile', onchange: async () => {
      for (const file of input.files) {
        try {
          const sha = await takePhoto(file, user);
          if (photos.length >= max) { // not referred to by anything yet: it goes
            dropPhoto(photos.shift()).catch(() => {});
            list.firstChild?.remove();
          }
          photos.push(sha);
          list.append(thumb(sha));
          status.textContent = t('z.photo_kept', { n: photos.length });
          changed('photos', { local: true }); // a screen redrawn meanwhile shows it now
        } catch (e) {
          status.textContent = t('z.photo_failed', { reason: String(e?.message ?? e) });
        }
      }
      input.value = '';
    } });
  return h('div', { class: 'zphoto' }, h('label', { for: id, class: 'zfile-label' }, label), input, status, list);
}

export function thumb(sha, token = null) {
  const img = h('img', { alt: t('z.photo_alt'), class: 'zthumb', 'data-sha': sha });
  photoUrl(sha, token).then((url) => { if (url) img.src = url; }).catch(() => {});
  return h('li', {}, img);
}
