// The visitor block list (#/admin/block-list): people not to be let in. The guard's phone
// gets each entry on its next pull and alerts at registration, offline too; the ID number
// is kept only masked and hashed, so nobody reads it back, here either.
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { adminApi } from './net.js';
import { action, byPerson, failed, form, page, table } from './ui.js';

export async function blockListScreen(user, id, query, redraw) {
  const title = t('admin.section.block-list');
  let entries;
  try {
    ({ block_list: entries } = await adminApi(user, '/block-list'));
  } catch (err) {
    return failed(title, err, redraw);
  }
  const error = h('p', { class: 'error', role: 'alert', id: 'block-error' });
  const run = (label, fn, opts) => action(label, async () => { await fn(); announce(t('admin.saved')); redraw(); },
    { error, ...opts });
  return page(title,
    h('p', {}, t('admin.block.help')),
    entries.length ? table([
      { label: t('admin.field.person'), cell: (e) => e.name },
      { label: t('admin.block.id'), cell: (e) => e.id_masked ?? '—' },
      { label: t('admin.block.reason'), cell: (e) => e.reason ?? '' },
      { label: t('admin.field.active'), cell: (e) => t(e.active ? 'admin.block.in_force' : 'admin.block.lifted') },
      { label: t('admin.block.actions'), cell: (e) => h('div', { class: 'buttons' },
        run(t(e.active ? 'admin.block.lift' : 'admin.block.restore'),
          () => adminApi(user, `/block-list/${e.id}`, { method: 'PATCH', body: { active: !e.active } }),
          { aria: `${t(e.active ? 'admin.block.lift' : 'admin.block.restore')}: ${e.name}` }),
        run(t('admin.block.remove'), () => adminApi(user, `/block-list/${e.id}`, { method: 'DELETE' }),
          { cls: 'danger', testid: 'block-remove', aria: `${t('admin.block.remove')}: ${e.name}`,
            confirmText: t('admin.block.remove_confirm', { name: e.name }) })) }],
    entries.sort(byPerson), { rowAttrs: (e) => ({ 'data-id': e.id, class: e.active ? null : 'inactive' }) })
      : h('p', { class: 'empty' }, t('admin.block.none')),
    error,
    h('h2', {}, t('admin.block.add')),
    form('add-block', [{ key: 'name', label: t('admin.field.person'), required: true, maxlength: 50 },
      { key: 'id_number', label: t('admin.block.id_number'), maxlength: 32, omitEmpty: true },
      { key: 'reason', label: t('admin.block.reason'), maxlength: 200 }], {}, t('admin.add'), async (body) => {
      await adminApi(user, '/block-list', { method: 'POST', body });
      redraw();
    }, { title: t('admin.block.add') }));
}
