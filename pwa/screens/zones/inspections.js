// Monthly inspections: each piece of equipment done this month, due, or overdue (last
// month missed); fire equipment past its expiry date flagged; the checklist of its kind.
import { compareNames } from '../../classes.js';
import { byEntity } from '../../db.js';
import { announce, h, oneTap, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { naturalId } from '../../ids.js';
import { afterSave } from '../../sync.js';
import { today } from '../../time.js';
import { checklists, enqueueAll, field, itemLabel, recordsOf } from './common.js';

function state(eq, done, month, last) {
  return done.has(`${eq.id}:${month}`) ? 'done' : (done.has(`${eq.id}:${last}`) ? 'due' : 'overdue');
}

export async function inspectionsScreen(user) {
  const date = today(user.timezone);
  const month = date.slice(0, 7);
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCDate(0);
  const last = d.toISOString().slice(0, 7);
  const [equipment, inspections] = await Promise.all([byEntity('equipment'), recordsOf('inspection')]);
  // An inspection the server refused (outbox.js settle) is not done: still due, and marked.
  const done = new Set(inspections.filter((i) => !i.refused).map((i) => `${i.equipment_id}:${i.month}`));
  const refused = new Map(inspections.filter((i) => i.refused && i.month === month).map((i) => [i.equipment_id, i]));
  return h('div', { class: 'inspections' }, h('h1', {}, t('z.inspections'), ' ', h('small', {}, month)),
    h('ul', { class: 'zlist' }, equipment.filter((e) => e.active !== false)
      .sort((a, b) => compareNames(`${a.kind}${a.name}`, `${b.kind}${b.name}`)).map((e) => {
        const s = state(e, done, month, last);
        const expired = e.expires_on && e.expires_on < date;
        return h('li', { class: `zequip ${s}`, 'data-equipment': e.id, 'data-state': s },
          h('a', { href: `#/inspection/${e.id}` }, h('span', { class: 'name' }, e.name),
            h('small', {}, t(`z.insp.${s}`), e.expires_on ? ` · ${t('z.expires')} ${e.expires_on}` : '',
              expired ? h('strong', { class: 'zoverdue' }, ` ${t('z.expired')}`) : '')),
          refused.has(e.id) && s !== 'done' ? refusedChip(refused.get(e.id)) : null);
      })));
}

export async function inspectionScreen(user, [id]) {
  const eq = (await byEntity('equipment')).find((e) => e.id === id);
  if (!eq) return h('p', { class: 'error' }, t('z.no_such_equipment'));
  const items = (await checklists(user)).equipment?.[eq.kind] ?? [];
  if (!items.length) { // as a zone check's (zonecheck.js): nothing to check is nothing to save
    return h('div', { class: 'zinspection' }, h('h1', {}, eq.name),
      h('p', { class: 'notice', role: 'alert', 'data-testid': 'no-checklist' }, t('z.no_checklist')));
  }
  const month = today(user.timezone).slice(0, 7);
  const results = Object.fromEntries(items.map((i) => [i.key, { ok: true, note: null }]));
  const expires = h('input', { type: 'date', value: eq.expires_on ?? '' });
  const note = h('textarea', { maxlength: 500, rows: 2 });
  const submit = oneTap(async (e) => {
    e.preventDefault();
    const args = { equipment_id: eq.id, month, items: results, note: note.value || null };
    if (expires.value) args.expires_on = expires.value;
    await enqueueAll(user, [{ name: 'inspection.record', args, record: { id: naturalId(user.site_id, 'inspection', eq.id, month),
      entity: 'inspection', equipment_id: eq.id, month, items: results, ok: Object.values(results).every((r) => r.ok),
      note: args.note, recorded_by: user.id } }]);
    announce(t('z.saved'));
    afterSave();
    location.hash = '#/inspections';
  });
  return h('form', { class: 'zinspection', onsubmit: submit }, h('h1', {}, eq.name, ' ', h('small', {}, month)),
    h('ul', { class: 'zitems' }, items.map((item) => h('li', { class: 'zitem' },
      h('span', { class: 'name', id: `zq-${item.key}` }, itemLabel(item)),
      h('span', { class: 'zmarks', role: 'group', 'aria-labelledby': `zq-${item.key}` }, [true, false].map((ok) =>
        h('button', { type: 'button', class: `zok ${ok ? 'pass' : 'fail'}`, 'aria-pressed': String(ok), 'data-ok': String(ok),
          onclick: (ev) => {
            results[item.key].ok = ok;
            ev.target.parentElement.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.ok === String(ok))));
          } }, t(ok ? 'z.pass' : 'z.fail'))))))),
    eq.expires_on !== undefined && eq.kind === 'extinguisher' ? field('zexpires', t('z.expires'), expires) : null,
    field('zinsp-note', t('z.note'), note),
    h('button', { type: 'submit', class: 'primary wide' }, t('z.save_inspection')));
}
