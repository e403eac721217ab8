// Staff: who works here, in which role and classes. Adding someone sets a first password;
// one person's page (#/admin/staff/<id>) edits role, classes and active, resets the
// password, and lists the devices they signed in on, each of which can be signed out.
import { byClass } from '../../classes.js';
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { adminApi, when } from './net.js';
import { action, byPerson, failed, form, opt, page, table, yesNo } from './ui.js';

const ROLES = ['admin', 'health', 'caregiver', 'guard'];
const spec = (classes, adding) => [
  ...(adding ? [{ key: 'username', required: true, minlength: 2, maxlength: 64, autocomplete: 'off' }] : []),
  { key: 'name', label: t('admin.field.person'), required: true, maxlength: 100 },
  { key: 'role', type: 'select', required: true, options: opt(ROLES, 'admin.role') },
  { key: 'class_ids', label: t('admin.field.classes'), type: 'checks', options: classes.map((c) => [c.id, c.name]) },
  ...(adding ? [{ key: 'password', label: t('admin.field.password'), type: 'text', required: true,
    minlength: 8, maxlength: 256, autocomplete: 'new-password' }] : [{ key: 'active', type: 'bool' }])];

export async function staffScreen(user, id, query, redraw) {
  const title = t('admin.section.staff');
  let staff, classes;
  try {
    [{ staff }, { classes }] = await Promise.all([adminApi(user, '/staff'), adminApi(user, '/classes')]);
  } catch (err) {
    return failed(title, err, redraw);
  }
  classes.sort(byClass);
  staff.sort(byPerson);
  if (id) return personPage(user, staff.find((s) => s.id === id), classes, redraw);
  const classNames = (ids) => ids.map((cid) => classes.find((c) => c.id === cid)?.name ?? '?').join(t('list_sep')) || '—';
  const live = (s) => s.devices.filter((d) => !d.revoked_at).length;
  return page(title,
    h('p', {}, t('admin.count', { n: staff.length })),
    table([{ label: t('admin.field.person'), cell: (s) => h('a', { href: `#/admin/staff/${s.id}`, class: 'row-link' }, s.name) },
      { label: t('admin.field.username'), cell: (s) => s.username },
      { label: t('admin.field.role'), cell: (s) => t(`admin.role.${s.role}`) },
      { label: t('admin.field.classes'), cell: (s) => classNames(s.class_ids) },
      { label: t('admin.field.active'), cell: (s) => yesNo(s.active) },
      { label: t('admin.devices'), cell: (s) => t('admin.device_count', { n: live(s) }) }],
    staff, { rowAttrs: (s) => ({ 'data-user': s.id, class: s.active ? null : 'inactive' }) }),
    h('h2', {}, t('admin.new', { what: title })),
    form('add-staff', spec(classes, true), { role: 'caregiver' }, t('admin.add'), async (body) => {
      const made = await adminApi(user, '/staff', { method: 'POST', body });
      announce(`${t('admin.saved')}: ${made.name}`);
      redraw();
    }, { title: t('admin.new', { what: title }) }));
}

function personPage(user, person, classes, redraw) {
  if (!person) return page(t('admin.section.staff'), h('p', { class: 'notice' }, t('err.not_found')));
  const error = h('p', { class: 'error', role: 'alert', id: 'device-error' });
  const patch = (body) => adminApi(user, `/staff/${person.id}`, { method: 'PATCH', body });
  return page(t('admin.edit_title', { name: `${person.name}（${person.username}）` }),
    form('edit-staff', spec(classes, false), person, t('admin.save'), async (body) => {
      await patch(body);
      redraw();
    }),
    h('h2', {}, t('admin.reset_password')),
    form('reset-password', [{ key: 'password', label: t('admin.field.new_password'), type: 'text',
      required: true, minlength: 8, maxlength: 256, autocomplete: 'new-password' }], {}, t('admin.reset_password'),
    async (body, el) => {
      await patch(body);
      el.reset();
      announce(t('admin.password_reset'));
    }),
    h('h2', {}, t('admin.devices')),
    person.devices.length ? table([{ label: 'ID', cell: (d) => h('code', {}, d.client_id.slice(0, 8)) },
      { label: t('admin.created'), cell: (d) => when(d.created_at, user.timezone) },
      { label: t('admin.last_used'), cell: (d) => when(d.last_used_at, user.timezone) },
      { label: t('admin.revoke'), cell: (d) => (d.revoked_at ? `${t('admin.revoked')} ${when(d.revoked_at, user.timezone)}`
        : action(t('admin.revoke'), async () => {
          await adminApi(user, `/tokens/${d.token_id}/revoke`, { method: 'POST' });
          redraw();
        }, { confirmText: t('admin.revoke_confirm'), cls: 'danger', error,
          aria: `${t('admin.revoke')} ${d.client_id.slice(0, 8)}` })) }],
    person.devices) : h('p', { class: 'empty' }, t('admin.device.none')),
    error);
}
