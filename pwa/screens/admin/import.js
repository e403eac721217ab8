// Importing children or staff from an Excel (.xlsx) or CSV roster: choose a file, see what
// every row would do (add, change, unchanged, refused and why) with nothing written, then
// confirm to write exactly that. New staff's first passwords are shown once, here.
import { announce, h, mount } from '../../dom.js';
import { getLocale, t } from '../../i18n.js';
import { downloadTemplate, problem, uploadRoster } from './net.js';
import { why } from './reasons.js';
import { page, table } from './ui.js';

const ACTIONS = ['add', 'change', 'unchanged', 'refused'];
const counted = (counts) => Object.fromEntries(ACTIONS.map((a) => [a, counts?.[a] ?? 0]));

function rowData(r) {
  const d = r.data;
  return [d.name, d.username, d.class, d.role && t(`admin.role.${d.role}`), (d.classes ?? []).join(t('list_sep')),
    d.gender && t(`admin.gender.${d.gender}`), d.birthday].filter(Boolean).join(' · ');
}

// A change the preview shows, in the screen's words: its field's label, and its values
// as the admin reads them (a role's name, class names; nothing is "(none)").
const CHANGED = {
  name: { label: 'admin.field.person' },
  role: { label: 'admin.field.role', value: (v) => t(`admin.role.${v}`) },
  classes: { label: 'admin.field.classes', value: (v) => v.join(t('list_sep')) },
  class: { label: 'admin.field.class_id' },
  gender: { label: 'admin.field.gender', value: (v) => t(`admin.gender.${v}`) },
  birthday: { label: 'admin.field.birthday' },
};

function shown(field, v) {
  if (v == null || v === '' || (Array.isArray(v) && !v.length)) return t('admin.none');
  return CHANGED[field]?.value?.(v) ?? String(v);
}

function rowNotes(r) {
  if (r.reasons.length) return h('ul', { class: 'reasons' }, r.reasons.map((x) => h('li', {}, why(x))));
  const changes = Object.entries(r.changes ?? {});
  return changes.length ? h('ul', { class: 'diff' }, changes.map(([k, [a, b]]) =>
    h('li', { 'data-field': k }, h('b', {}, CHANGED[k] ? t(CHANGED[k].label) : k),
      getLocale() === 'en' ? ': ' : '：', h('del', {}, shown(k, a)), ' → ', h('ins', {}, shown(k, b))))) : '';
}

function preview(body) {
  return table([{ label: t('admin.import.line'), cell: (r) => String(r.line) },
    { label: t('admin.import.action'), cell: (r) => h('span', { class: `chip action-${r.action}` }, t(`admin.action.${r.action}`)) },
    { label: t('admin.import.data'), cell: rowData },
    { label: t('admin.import.reasons'), cell: rowNotes }],
  body.rows, { rowAttrs: (r) => ({ 'data-line': r.line, 'data-action': r.action, class: `action-${r.action}` }) });
}

function passwords(list) {
  const entries = Object.entries(list ?? {});
  if (!entries.length) return null;
  return h('section', { class: 'passwords', 'data-testid': 'passwords' },
    h('h2', {}, t('admin.import.passwords')),
    table([{ label: t('admin.field.username'), cell: ([u]) => u },
      { label: t('admin.field.password'), cell: ([, p]) => h('code', {}, p) }], entries));
}

export async function importScreen(user, id, query) {
  let kind = query.get('kind') === 'staff' ? 'staff' : 'children';
  const out = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert', id: 'import-error' });
  const file = h('input', { id: 'import-file', name: 'file', type: 'file', required: true,
    accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    onchange: () => mount(out) });
  const kindSelect = h('select', { id: 'import-kind', name: 'kind', onchange: (e) => { kind = e.target.value; mount(out); } },
    ['children', 'staff'].map((k) => h('option', { value: k, selected: k === kind }, t(`admin.import.${k}`))));

  async function run(commit, button) {
    error.textContent = '';
    const chosen = file.files[0];
    if (!chosen) {
      error.textContent = t('admin.import.choose');
      return;
    }
    button.disabled = true;
    try {
      const body = await uploadRoster(user, kind, chosen, commit);
      show(body, chosen);
      announce(commit ? t('admin.import.done') : t('admin.import.counts', counted(body.counts)));
    } catch (err) {
      error.textContent = err.code === 'bad_roster' ? `${t('err.bad_roster')}${getLocale() === 'en' ? ': ' : '：'}${why(err.message)}` : problem(err);
    } finally {
      button.disabled = false;
    }
  }

  function show(body, chosen) {
    const c = counted(body.counts);
    const writable = c.add + c.change;
    const confirmButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'import-confirm',
      onclick: (e) => (file.files[0] === chosen ? run(true, e.target) : mount(out)) },
    t('admin.import.confirm', { n: writable }));
    mount(out,
      h('p', { class: body.committed ? 'notice done' : 'notice', 'data-testid': 'import-state',
        'data-committed': String(body.committed) },
      body.committed ? t('admin.import.done') : t('admin.import.previewing'), ' ', t('admin.import.counts', c)),
      preview(body),
      body.committed ? passwords(body.passwords)
        : h('div', { class: 'buttons' }, writable ? confirmButton : h('p', {}, t('admin.import.nothing'))));
  }

  const previewButton = h('button', { type: 'submit', class: 'primary' }, t('admin.import.preview'));
  return page(t('admin.section.import'),
    h('form', { class: 'admin-form', 'aria-label': t('admin.section.import'),
      onsubmit: (e) => { e.preventDefault(); run(false, previewButton); } },
    h('div', { class: 'field' }, h('label', { for: 'import-kind' }, t('admin.import.kind')), kindSelect),
    h('div', { class: 'field' }, h('label', { for: 'import-file' }, t('admin.import.file')), file),
    error,
    h('div', { class: 'buttons' }, previewButton,
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        error.textContent = '';
        try {
          await downloadTemplate(user, kind);
        } catch (err) {
          error.textContent = problem(err);
        }
      } }, t('admin.import.template')))),
    out);
}
