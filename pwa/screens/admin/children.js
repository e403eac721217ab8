// Children: the list by class, adding one, and one child's page (#/admin/children/<id>):
// move to another class, leave the school (inactive: never deleted, so records keep their
// meaning), and the adults allowed to pick the child up.
import { byClass } from '../../classes.js';
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { adminApi } from './net.js';
import { action, byPerson, failed, form, opt, page, table, yesNo } from './ui.js';

const spec = (classes) => [{ key: 'name', label: t('admin.field.person'), required: true, maxlength: 50 },
  { key: 'class_id', type: 'select', required: true, options: classes.map((c) => [c.id, c.name]) },
  { key: 'gender', type: 'select', options: opt(['girl', 'boy'], 'admin.gender') },
  { key: 'birthday', type: 'date' }];
const adult = () => [{ key: 'name', label: t('admin.field.person'), required: true, maxlength: 50 },
  { key: 'relation', required: true, maxlength: 32 }, { key: 'phone', type: 'tel', maxlength: 32, autocomplete: 'off' }];

export async function childrenScreen(user, id, query, redraw) {
  const title = t('admin.section.children');
  let classes, children, adults;
  try {
    [{ classes }, { children }, { 'pickup-adults': adults }] = await Promise.all(
      ['/classes', '/children', '/pickup-adults'].map((p) => adminApi(user, p)));
  } catch (err) {
    return failed(title, err, redraw);
  }
  classes.sort(byClass);
  if (id) return childPage(user, children.find((c) => c.id === id), classes, adults, redraw);
  const only = query.get('class') ?? '';
  const inactive = query.get('inactive') === '1';
  const shown = children.filter((c) => (!only || c.class_id === only) && (inactive || c.active)).sort(byPerson);
  const go = (cls, ina) => { location.hash = `#/admin/children?class=${cls}&inactive=${ina ? 1 : 0}`; };
  const className = (cid) => classes.find((c) => c.id === cid)?.name ?? '?';
  return page(title,
    h('div', { class: 'admin-filter' },
      h('label', { for: 'child-class-filter' }, t('admin.filter_class')),
      h('select', { id: 'child-class-filter', onchange: (e) => go(e.target.value, inactive) },
        h('option', { value: '' }, t('admin.all_classes')),
        classes.map((c) => h('option', { value: c.id, selected: c.id === only }, c.name))),
      h('label', { class: 'tick' }, h('input', { type: 'checkbox', checked: inactive,
        onchange: (e) => go(only, e.target.checked) }), t('admin.show_inactive'))),
    h('p', {}, t('admin.count', { n: shown.length })),
    table([{ label: t('admin.field.person'), cell: (c) => h('a', { href: `#/admin/children/${c.id}`, class: 'row-link' }, c.name) },
      { label: t('admin.field.class_id'), cell: (c) => className(c.class_id) },
      { label: t('admin.field.gender'), cell: (c) => (c.gender ? t(`admin.gender.${c.gender}`) : '—') },
      { label: t('admin.field.birthday'), cell: (c) => c.birthday ?? '—' },
      { label: t('admin.field.active'), cell: (c) => (c.active ? yesNo(true) : `${yesNo(false)} ${c.left_on ?? ''}`) }],
    shown, { rowAttrs: (c) => ({ 'data-child': c.id, class: c.active ? null : 'inactive' }) }),
    h('h2', {}, t('admin.new', { what: title })),
    form('add-child', spec(classes), { class_id: only }, t('admin.add'), async (body) => {
      const made = await adminApi(user, '/children', { method: 'POST', body });
      announce(`${t('admin.saved')}: ${made.name}`);
      redraw();
    }, { title: t('admin.new', { what: title }) }));
}

function childPage(user, child, classes, adults, redraw) {
  if (!child) return page(t('admin.section.children'), h('p', { class: 'notice' }, t('err.not_found')));
  const mine = adults.filter((a) => a.child_id === child.id).sort(byPerson);
  const error = h('p', { class: 'error', role: 'alert', id: 'child-error' });
  const patch = (path, body) => adminApi(user, path, { method: 'PATCH', body });
  return page(t('admin.edit_title', { name: child.name }),
    child.active ? null : h('p', { class: 'notice' }, `${t('admin.inactive')} ${child.left_on ?? ''}`),
    form('edit-child', spec(classes), child, t('admin.save'), async (body) => {
      await patch(`/children/${child.id}`, body);
      redraw();
    }),
    h('div', { class: 'buttons' }, child.active
      ? action(t('admin.leave'), async () => { await patch(`/children/${child.id}`, { active: false }); redraw(); },
        { confirmText: t('admin.leave_confirm', { name: child.name }), cls: 'danger', error })
      : action(t('admin.return'), async () => {
        await patch(`/children/${child.id}`, { active: true, left_on: null });
        redraw();
      }, { error })),
    error,
    h('h2', {}, t('admin.adults')),
    mine.length ? table([{ label: t('admin.field.person'), cell: (a) => a.name },
      { label: t('admin.field.relation'), cell: (a) => a.relation },
      { label: t('admin.field.phone'), cell: (a) => a.phone ?? '—' },
      { label: t('admin.field.active'), cell: (a) => h('span', { class: 'inline' }, yesNo(a.active), ' ', action(a.active ? t('admin.deactivate') : t('admin.activate'),
        async () => { await patch(`/pickup-adults/${a.id}`, { active: !a.active }); redraw(); },
        { error, aria: `${a.active ? t('admin.deactivate') : t('admin.activate')}: ${a.name}` })) }],
    mine, { rowAttrs: (a) => ({ class: a.active ? null : 'inactive' }) }) : h('p', { class: 'empty' }, t('admin.no_adults')),
    h('h3', {}, t('admin.add_adult')),
    form('add-adult', adult(), {}, t('admin.add_adult'), async (body) => {
      await adminApi(user, '/pickup-adults', { method: 'POST', body: { ...body, child_id: child.id } });
      redraw();
    }, { title: t('admin.add_adult') }));
}
