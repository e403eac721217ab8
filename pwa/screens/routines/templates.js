// The admin writes the routine checklists (online, like the other admin screens): start
// from a role's defaults, then edit items (window, frequency, what each needs) and who
// does them, or retire a checklist. A change applies from now on: ticks keep their words.
import { api } from '../../api.js';
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { tokenFor } from '../../session.js';
import { problem } from '../admin/net.js';
import { action, failed, page } from '../admin/ui.js';

const ROLES = ['caregiver', 'guard', 'health', 'admin'];
const FREQS = ['daily', 'weekly', 'monthly'];
const NEEDS = ['tick', 'number', 'choice', 'note', 'photo'];
const call = async (user, path, init = {}) => api(`/api/routines${path}`, { ...init, token: await tokenFor(user.id) });
const adminCall = async (user, path) => api(`/api/admin${path}`, { token: await tokenFor(user.id) });

export async function templatesScreen(user, [id], query, redraw) {
  const title = t('t.title');
  let data;
  try {
    const [{ templates }, { classes }, { staff }] = await Promise.all([call(user, '/templates'),
      adminCall(user, '/classes'), adminCall(user, '/staff')]);
    data = { templates, classes, staff };
  } catch (err) {
    return failed(title, err, redraw);
  }
  const view = id ? editor(user, id === 'new' ? null : data.templates.find((x) => x.id === id), data)
    : list(user, data, redraw);
  view.dataset.section = id ? 'routine-templates/item' : 'routine-templates';
  return view;
}

function list(user, { templates }, redraw) {
  const error = h('p', { class: 'error', role: 'alert', id: 'defaults-error' });
  return page(t('t.title'),
    h('ul', { class: 'tlist' }, templates.map((x) => h('li', { 'data-template': x.id, class: x.active ? '' : 'inactive' },
      h('a', { href: `#/routine-templates/${x.id}`, class: 'row-link' }, x.name),
      h('small', {}, `${t(`t.assign.${x.assign}`)}${x.role ? ` · ${t(`admin.role.${x.role}`)}` : ''} · `,
        t('t.count', { n: x.items.length }), x.active ? '' : ` · ${t('t.retired')}`)))),
    h('p', {}, h('a', { href: '#/routine-templates/new', class: 'button primary' }, t('t.new'))),
    h('p', {}, t('t.defaults')),
    h('div', { class: 'buttons' }, ROLES.map((r) => action(t('t.load', { role: t(`admin.role.${r}`) }), async () => {
      await call(user, `/templates/defaults/${r}`, { method: 'POST' });
      announce(t('admin.saved'));
      redraw();
    }, { error }))), error);
}

function input(id, label, attrs) {
  const el = h(attrs.tag ?? 'input', { id, ...attrs, tag: null });
  return [el, h('div', { class: 'field' }, h('label', { for: id }, label), el)];
}

function select(id, label, options, value, required = true) {
  const el = h('select', { id, required }, required ? null : h('option', { value: '' }, t('admin.none')),
    options.map(([v, text]) => h('option', { value: v, selected: String(value ?? '') === String(v) }, text)));
  return [el, h('div', { class: 'field' }, h('label', { for: id }, label), el)];
}

let seq = 0;
function itemFields(item = {}) {
  const n = ++seq;
  const p = `ti${n}`;
  const [label, labelF] = input(`${p}-label`, t('t.label'), { value: item.label ?? '', required: true, maxlength: 200 });
  const [start, startF] = input(`${p}-start`, t('t.start'), { type: 'time', value: item.start ?? '' });
  const [end, endF] = input(`${p}-end`, t('t.end'), { type: 'time', value: item.end ?? '' });
  const [freq, freqF] = select(`${p}-freq`, t('t.freq'), FREQS.map((f) => [f, t(`r.freq.${f}`)]), item.freq ?? 'daily');
  const [weekday, weekdayF] = select(`${p}-weekday`, t('t.weekday'), [0, 1, 2, 3, 4, 5, 6].map((d) => [d, t(`admin.weekday.${d}`)]), item.weekday, false);
  const [monthday, monthdayF] = input(`${p}-monthday`, t('t.monthday'), { type: 'number', min: 1, max: 31, value: item.monthday ?? '' });
  const [needs, needsF] = select(`${p}-needs`, t('t.needs'), NEEDS.map((x) => [x, t(`t.needs.${x}`)]), item.needs ?? 'tick');
  const [min, minF] = input(`${p}-min`, t('t.min'), { type: 'number', step: 'any', value: item.min ?? '' });
  const [max, maxF] = input(`${p}-max`, t('t.max'), { type: 'number', step: 'any', value: item.max ?? '' });
  const [unit, unitF] = input(`${p}-unit`, t('t.unit'), { value: item.unit ?? '', maxlength: 16 });
  const [choices, choicesF] = input(`${p}-choices`, t('t.choices'), { value: (item.choices ?? []).join(','), maxlength: 600 });
  const box = h('fieldset', { class: 'titem', 'data-key': item.key ?? '' },
    h('legend', {}, item.label ?? t('t.new')), labelF, h('div', { class: 'trow' }, startF, endF), freqF, weekdayF, monthdayF,
    needsF, h('div', { class: 'trow' }, minF, maxF, unitF), choicesF,
    h('button', { type: 'button', class: 'secondary', onclick: () => box.remove() }, t('t.remove_item')));
  const num = (el) => (el.value === '' ? null : Number(el.value));
  box.read = () => ({ key: item.key ?? null, label: label.value.trim(), start: start.value || null, end: end.value || null,
    freq: freq.value, weekday: weekday.value === '' ? null : Number(weekday.value), monthday: num(monthday),
    needs: needs.value, min: num(min), max: num(max), unit: unit.value.trim() || null,
    choices: choices.value.split(/[,，]/).map((s) => s.trim()).filter(Boolean) });
  return box;
}

function editor(user, tpl, { classes, staff }) {
  if (tpl === undefined) return page(t('t.title'), h('p', { class: 'notice' }, t('err.not_found')));
  const [name, nameF] = input('t-name', t('t.name'), { value: tpl?.name ?? '', required: true, maxlength: 100 });
  const [assign, assignF] = select('t-assign', t('t.assign'), ['role', 'class', 'user'].map((a) => [a, t(`t.assign.${a}`)]), tpl?.assign ?? 'class');
  const [role, roleF] = select('t-role', t('t.role'), ROLES.map((r) => [r, t(`admin.role.${r}`)]), tpl?.role, false);
  const [cls, clsF] = select('t-class', t('t.class'), classes.map((c) => [c.id, c.name]), tpl?.class_id, false);
  const [person, personF] = select('t-user', t('t.user'), staff.filter((s) => s.active).map((s) => [s.id, s.name]), tpl?.user_id, false);
  const items = h('div', { class: 'titems' }, (tpl?.items ?? [{}]).map(itemFields));
  const error = h('p', { class: 'error', role: 'alert', id: 'template-error' });
  const form = h('form', { id: 'template-form', class: 'admin-form', 'aria-label': t('t.title'), onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    const body = { name: name.value.trim(), assign: assign.value, role: role.value || null,
      class_id: cls.value || null, user_id: person.value || null, items: [...items.children].map((b) => b.read()) };
    try {
      await call(user, tpl ? `/templates/${tpl.id}` : '/templates', { method: tpl ? 'PUT' : 'POST', body });
      announce(t('admin.saved'));
      location.hash = '#/routine-templates';
    } catch (err) {
      error.textContent = problem(err);
    }
  } }, nameF, assignF, roleF, clsF, personF, h('h2', {}, t('t.items')), items,
  h('button', { type: 'button', class: 'secondary', onclick: () => items.append(itemFields()) }, t('t.add_item')),
  h('p', { class: 'zhint' }, t('t.changes_note')), error,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', disabled: tpl && !tpl.active }, t('t.save'))));
  const retire = tpl?.active ? action(t('t.retire'), async () => {
    await call(user, `/templates/${tpl.id}/retire`, { method: 'POST' });
    location.hash = '#/routine-templates';
  }, { confirmText: t('t.retire_confirm'), cls: 'danger' }) : null;
  return page(tpl?.name ?? t('t.new'), form, retire);
}
