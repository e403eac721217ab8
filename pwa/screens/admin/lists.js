// Classes, rooms, zones and gate times: a list, a form to add one, and a page to edit or
// delete one (#/admin/<name>[/<id>]). Deleting something still in use is refused by the
// server with the reason, which is shown as it comes.
import { byClass } from '../../classes.js';
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { needsSection } from './needs.js';
import { adminApi } from './net.js';
import { action, byName, failed, form, opt, page, table, yesNo } from './ui.js';

const ZONE_KINDS = ['gate', 'playground', 'classroom', 'kitchen', 'stairs', 'other'];
const EQUIPMENT_KINDS = ['play', 'facility', 'extinguisher', 'hydrant', 'emergency_light', 'exit'];
const nameOf = (list, id) => list.find((x) => x.id === id)?.name ?? (id ? '?' : '—');
const hhmm = (at) => String(at ?? '').slice(0, 5);

// Each list: which other lists its form needs, its fields, its columns, its order (and
// `about`, a line on how the list is used).
const KINDS = {
  classes: {
    needs: [],
    fields: () => [{ key: 'name', required: true, maxlength: 64 },
      { key: 'grade', type: 'select', required: true, options: opt(['small', 'middle', 'large'], 'admin.grade') },
      { key: 'active', type: 'bool', default: true }],
    columns: () => [{ label: t('admin.field.grade'), cell: (r) => t(`admin.grade.${r.grade}`) },
      { label: t('admin.field.active'), cell: (r) => yesNo(r.active) }],
    sort: byClass,
  },
  rooms: {
    needs: ['classes'],
    fields: ({ classes }) => [{ key: 'name', required: true, maxlength: 100 },
      { key: 'class_id', type: 'select', options: classes.map((c) => [c.id, c.name]) },
      { key: 'volume_m3', type: 'number', min: 1, max: 5000, step: '0.1', inputmode: 'decimal' },
      { key: 'observation', type: 'bool' }],
    columns: ({ classes }) => [{ label: t('admin.field.class_id'), cell: (r) => nameOf(classes, r.class_id) },
      { label: t('admin.field.volume_m3'), cell: (r) => r.volume_m3 ?? '—' },
      { label: t('admin.field.observation'), cell: (r) => yesNo(r.observation) }],
    sort: byName,
    // The room's own page also sets its disinfection needs (issue 5).
    extra: (user, row) => needsSection(user, row),
  },
  zones: {
    needs: ['staff'],
    fields: ({ staff }) => [{ key: 'name', required: true, maxlength: 100 },
      { key: 'kind', type: 'select', required: true, options: opt(ZONE_KINDS, 'admin.zone') },
      { key: 'responsible_id', type: 'select',
        options: staff.filter((s) => s.active).map((s) => [s.id, `${s.name}（${s.username}）`]) }],
    columns: ({ staff }) => [{ label: t('admin.field.kind'), cell: (r) => t(`admin.zone.${r.kind}`) },
      { label: t('admin.field.responsible_id'), cell: (r) => nameOf(staff, r.responsible_id) }],
    sort: byName,
  },
  'gate-times': {
    needs: [],
    fields: () => [{ key: 'weekday', type: 'select', required: true, integer: true,
      options: opt([0, 1, 2, 3, 4, 5, 6], 'admin.weekday') },
    { key: 'kind', label: t('admin.field.gate_kind'), type: 'select', required: true, options: opt(['open', 'close'], 'admin.gate') },
    { key: 'at', type: 'time', required: true }, { key: 'label', maxlength: 64 }],
    columns: () => [{ label: t('admin.field.gate_kind'), cell: (r) => t(`admin.gate.${r.kind}`) },
      { label: t('admin.field.at'), cell: (r) => hhmm(r.at) }, { label: t('admin.field.label'), cell: (r) => r.label ?? '' }],
    title: (r) => `${t(`admin.weekday.${r.weekday}`)} ${t(`admin.gate.${r.kind}`)} ${hhmm(r.at)}`,
    head: { label: () => t('admin.field.weekday'), text: (r) => t(`admin.weekday.${r.weekday}`) },
    about: 'admin.about.gate-times',
    sort: (a, b) => a.weekday - b.weekday || String(a.at).localeCompare(String(b.at)),
  },
  // Days off (leave, sickness, training): what the person had to do then is not a miss.
  equipment: {
    needs: ['zones'],
    fields: ({ zones }) => [{ key: 'name', required: true, maxlength: 100 },
      { key: 'kind', label: t('admin.field.equipment_kind'), type: 'select', required: true, options: opt(EQUIPMENT_KINDS, 'admin.equipment') },
      { key: 'zone_id', type: 'select', options: zones.sort(byName).map((z) => [z.id, z.name]) },
      { key: 'expires_on', type: 'date' }, { key: 'active', type: 'bool', default: true }],
    columns: ({ zones }) => [{ label: t('admin.field.equipment_kind'), cell: (r) => t(`admin.equipment.${r.kind}`) },
      { label: t('admin.field.zone_id'), cell: (r) => nameOf(zones, r.zone_id) },
      { label: t('admin.field.expires_on'), cell: (r) => r.expires_on ?? '—' },
      { label: t('admin.field.active'), cell: (r) => yesNo(r.active) }],
    sort: byName,
  },
  // A round walks the checkpoints in the order the admin puts them in.
  'patrol-routes': {
    needs: ['zones'],
    fields: ({ zones }) => [{ key: 'name', required: true, maxlength: 100 },
      { key: 'zone_ids', type: 'ordered', options: zones.sort(byName).map((z) => [z.id, z.name]) }],
    columns: ({ zones }) => [{ label: t('admin.field.zone_ids'), cell: (r) => r.zone_ids.map((id) => nameOf(zones, id)).join(' → ') }],
    sort: byName,
  },
  'staff-absences': {
    needs: ['staff'],
    fields: ({ staff }) => [{ key: 'user_id', label: t('admin.field.person'), type: 'select', required: true,
      options: staff.filter((s) => s.active).map((s) => [s.id, `${s.name}（${s.username}）`]) },
    { key: 'date_from', type: 'date', required: true }, { key: 'date_to', type: 'date', required: true },
    { key: 'reason', maxlength: 100 }],
    columns: () => [{ label: t('admin.field.date_from'), cell: (r) => r.date_from },
      { label: t('admin.field.date_to'), cell: (r) => r.date_to },
      { label: t('admin.field.reason'), cell: (r) => r.reason ?? '' }],
    title: (r) => `${r.date_from}–${r.date_to}`,
    head: { label: () => t('admin.field.person'), text: (r, { staff }) => nameOf(staff, r.user_id) },
    sort: (a, b) => String(b.date_from).localeCompare(String(a.date_from)),
  },
};
export const LISTS = Object.keys(KINDS);

async function load(user, name) {
  const kind = KINDS[name];
  const [rows, ...needed] = await Promise.all([name, ...kind.needs].map((n) => adminApi(user, `/${n}`)));
  const ctx = Object.fromEntries(kind.needs.map((n, i) => [n, needed[i][n]]));
  return { rows: rows[name].sort(kind.sort), ctx };
}

export async function listScreen(user, name, id, redraw) {
  const kind = KINDS[name];
  const title = t(`admin.section.${name}`);
  let data;
  try {
    data = await load(user, name);
  } catch (err) {
    return failed(title, err, redraw);
  }
  const { rows, ctx } = data;
  const label = kind.title ?? ((r) => r.name);
  if (id) return editScreen(user, name, rows.find((r) => r.id === id), ctx, redraw);
  const head = kind.head ?? { label: () => t('admin.field.name'), text: (r) => r.name };
  const first = { label: head.label(),
    cell: (r) => h('a', { href: `#/admin/${name}/${r.id}`, class: 'row-link' }, head.text(r, ctx)) };
  return page(title,
    kind.about ? h('p', { 'data-testid': 'list-about' }, t(kind.about)) : null,
    h('p', {}, t('admin.count', { n: rows.length })),
    table([first, ...kind.columns(ctx)], rows, { rowAttrs: (r) => ({ 'data-id': r.id, class: r.active === false ? 'inactive' : null }) }),
    h('h2', {}, t('admin.new', { what: title })),
    form(`add-${name}`, kind.fields(ctx), {}, t('admin.add'), async (body) => {
      const made = await adminApi(user, `/${name}`, { method: 'POST', body });
      announce(`${t('admin.saved')}: ${label(made)}`);
      redraw();
    }, { title: t('admin.new', { what: title }) }));
}

async function editScreen(user, name, row, ctx, redraw) {
  const kind = KINDS[name];
  const title = t(`admin.section.${name}`);
  if (!row) return page(title, h('p', { class: 'notice' }, t('err.not_found')));
  const label = (kind.title ?? ((r) => r.name))(row);
  const error = h('p', { class: 'error', role: 'alert', id: 'delete-error' });
  return page(t('admin.edit_title', { name: label }),
    form(`edit-${name}`, kind.fields(ctx), row, t('admin.save'), async (body) => {
      await adminApi(user, `/${name}/${row.id}`, { method: 'PATCH', body });
      location.hash = `#/admin/${name}`;
    }),
    h('div', { class: 'buttons' }, action(t('admin.delete'), async () => {
      await adminApi(user, `/${name}/${row.id}`, { method: 'DELETE' });
      announce(t('admin.deleted'));
      location.hash = `#/admin/${name}`;
    }, { confirmText: t('admin.delete_confirm', { name: label }), cls: 'danger', error })),
    error,
    kind.extra ? await kind.extra(user, row) : null);
}
