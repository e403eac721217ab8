// The audit log: every admin change, who made it and when, and what changed (before →
// after, only the fields that differ). Filtered by kind (#/admin/audit?entity=child).
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { adminApi, when } from './net.js';
import { exportButtons } from '../reports/net.js';
import { failed, page, table, tr } from './ui.js';

const ENTITIES = ['class', 'child', 'user', 'room', 'room_need', 'zone', 'gate_time', 'pickup_adult',
  'token', 'score', 'calendar', 'site', 'settings', 'block_entry', 'staff_absence', 'equipment',
  'patrol_route'];
const value = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

// Only what differs: a whole row before and after is too much to read on a phone.
// Ids of classes and people are shown by name (names: id → name).
export function diff(before, after, names = new Map()) {
  const show = (v) => (Array.isArray(v) ? v.map(show).join(t('list_sep')) || '—'
    : typeof v === 'string' && names.has(v) ? names.get(v) : value(v));
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
    // A person's devices are on their own page; the id is the row itself.
    .filter((k) => !['id', 'devices'].includes(k) && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]));
  return keys.map((k) => h('li', {}, h('b', {}, tr(`admin.field.${k}`, k)), ': ',
    before ? h('del', {}, show(before[k])) : null, before && after ? ' → ' : null,
    after ? h('ins', {}, show(after[k])) : null));
}

export async function auditScreen(user, id, query, redraw) {
  const title = t('admin.section.audit');
  const entity = query.get('entity') ?? '';
  let audit, staff, classes;
  try {
    [{ audit }, { staff }, { classes }] = await Promise.all([
      adminApi(user, `/audit${entity ? `?entity=${encodeURIComponent(entity)}` : ''}`), adminApi(user, '/staff'),
      adminApi(user, '/classes')]);
  } catch (err) {
    return failed(title, err, redraw);
  }
  const names = new Map([...staff, ...classes].map((x) => [x.id, x.name]));
  const who = (uid) => staff.find((s) => s.id === uid)?.name ?? uid;
  const name = (a) => (a.after ?? a.before)?.name ?? (a.after ?? a.before)?.username ?? a.entity_id ?? '';
  return page(title,
    h('div', { class: 'admin-filter' },
      h('label', { for: 'audit-entity' }, t('admin.audit.filter')),
      h('select', { id: 'audit-entity', onchange: (e) => { location.hash = `#/admin/audit?entity=${e.target.value}`; } },
        h('option', { value: '' }, t('admin.audit.all')),
        ENTITIES.map((e) => h('option', { value: e, selected: e === entity }, tr(`admin.entity.${e}`, e))))),
    exportButtons(user, `/api/admin/audit${entity ? `?entity=${encodeURIComponent(entity)}` : ''}`, 'audit-log'),
    audit.length ? table([{ label: t('admin.audit.when'), cell: (a) => when(a.at, user.timezone) },
      { label: t('admin.audit.who'), cell: (a) => who(a.user_id) },
      { label: t('admin.audit.what'), cell: (a) => `${tr(`admin.entity.${a.entity}`, a.entity)} ${name(a)}` },
      { label: t('admin.audit.action'), cell: (a) => tr(`admin.verb.${a.action}`, a.action) },
      { label: t('admin.audit.change'), cell: (a) => h('ul', { class: 'diff' }, diff(a.before, a.after, names)) }],
    audit, { rowAttrs: (a) => ({ 'data-entity': a.entity, 'data-action': a.action }) })
      : h('p', { class: 'empty' }, t('admin.audit.none')));
}
