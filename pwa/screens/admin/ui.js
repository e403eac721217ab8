// Building blocks of the admin screens: the page frame, labelled fields, responsive tables
// (cards on a phone, a table from 800 px), and "do it, then say so or say why not".
import { announce, h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { problem } from './net.js';

export function page(title, ...children) {
  return frame(['#/admin', t('admin.back')], title, ...children);
}

// A page whose back link goes elsewhere ([href, label]): the reports come back to their own start.
export function frame([back, backLabel], title, ...children) {
  return h('div', { class: 'admin' },
    h('p', { class: 'admin-back' }, h('a', { href: back, class: 'button secondary' }, backLabel)),
    h('h1', {}, title),
    h('p', { class: 'admin-online' }, navigator.onLine ? null : t('admin.online_only')),
    ...children);
}

// The screen's data could not be fetched (offline, most often): say so, offer a retry.
export function failed(title, err, redraw, back = ['#/admin', t('admin.back')]) {
  return frame(back, title, h('p', { class: 'notice', role: 'alert', 'data-testid': 'admin-error' }, problem(err)),
    h('button', { type: 'button', class: 'primary', onclick: redraw }, t('admin.retry')));
}

// fields: [{ key, type: text|number|date|time|select|bool|checks|ordered|password, options, ... }]
// `ordered`: checks whose order counts (a patrol route's checkpoints); the chosen come first,
// in their order, each with buttons to move it up or down. The form reads them in page order.
// options: [[value, label]]. Ids carry a prefix so two forms on one screen never clash.
export function fields(prefix, spec, values = {}) {
  return spec.map((f) => {
    const id = `${prefix}-${f.key}`;
    const label = f.label ?? t(`admin.field.${f.key}`);
    const v = values[f.key];
    if (f.type === 'bool') {
      return h('label', { class: 'tick', for: id }, h('input', { type: 'checkbox', id, name: f.key,
        checked: v ?? f.default ?? false }), label);
    }
    if (f.type === 'checks') {
      return h('fieldset', {}, h('legend', {}, label), h('div', { class: 'ticks' },
        f.options.map(([value, text]) => h('label', { class: 'tick' }, h('input', { type: 'checkbox',
          name: f.key, value, checked: (v ?? []).includes(value) }), text))));
    }
    if (f.type === 'ordered') return ordered(f, label, v ?? []);
    let input;
    if (f.type === 'select') {
      input = h('select', { id, name: f.key, required: f.required },
        f.required ? null : h('option', { value: '' }, t('admin.none')),
        f.options.map(([value, text]) => h('option', { value, selected: String(v ?? '') === String(value) }, text)));
    } else {
      input = h('input', { id, name: f.key, type: f.type ?? 'text', required: f.required,
        value: v ?? '', step: f.step, min: f.min, max: f.max, minlength: f.minlength,
        maxlength: f.maxlength, autocomplete: f.autocomplete ?? 'off', list: f.list,
        inputmode: f.inputmode });
    }
    return h('div', { class: 'field' }, h('label', { for: id }, label), input);
  });
}

function ordered(f, label, chosen) {
  const names = new Map(f.options);
  const rest = f.options.map(([value]) => value).filter((value) => !chosen.includes(value));
  const list = h('ol', { class: 'ordered' });
  const move = (item, by) => {
    const to = by < 0 ? item.previousElementSibling : item.nextElementSibling?.nextElementSibling ?? null;
    if (by < 0 && !to) return;
    if (by > 0 && !item.nextElementSibling) return;
    list.insertBefore(item, to);
    item.querySelector(by < 0 ? '.up' : '.down').focus();
    announce(t('admin.moved', { name: names.get(item.dataset.value), n: [...list.children].indexOf(item) + 1 }));
  };
  for (const value of [...chosen.filter((c) => names.has(c)), ...rest]) {
    const name = names.get(value);
    const item = h('li', { 'data-value': value },
      h('label', { class: 'tick' }, h('input', { type: 'checkbox', name: f.key, value, checked: chosen.includes(value) }), name),
      h('button', { type: 'button', class: 'secondary up', 'aria-label': t('admin.move_up', { name }),
        onclick: () => move(item, -1) }, '↑'),
      h('button', { type: 'button', class: 'secondary down', 'aria-label': t('admin.move_down', { name }),
        onclick: () => move(item, 1) }, '↓'));
    list.append(item);
  }
  return h('fieldset', {}, h('legend', {}, label), list);
}

// The form's values as the server wants them: numbers as numbers, empty as null.
export function read(form, spec) {
  const data = new FormData(form);
  const out = {};
  for (const f of spec) {
    if (f.type === 'bool') out[f.key] = form.elements[f.key].checked;
    else if (f.type === 'checks' || f.type === 'ordered') out[f.key] = data.getAll(f.key);
    else {
      const raw = String(data.get(f.key) ?? '').trim();
      if (f.type === 'number') out[f.key] = raw === '' ? null : Number(raw);
      else if (f.type === 'select' && f.integer) out[f.key] = raw === '' ? null : Number(raw);
      else out[f.key] = raw === '' ? null : raw;
      if (f.omitEmpty && out[f.key] === null) delete out[f.key];
    }
  }
  return out;
}

// A form that sends, then says "saved" or why not (in an alert beside its button).
export function form(id, spec, values, label, onsubmit, extra = {}) {
  const error = h('p', { class: 'error', role: 'alert', id: `${id}-error` });
  const button = h('button', { type: 'submit', class: 'primary' }, label);
  const el = h('form', { id, class: `admin-form ${extra.class ?? ''}`, 'aria-label': extra.title ?? label,
    onsubmit: oneTap(async (e) => { // its button disabled while it saves (dom.js)
      e.preventDefault();
      error.textContent = '';
      try {
        await onsubmit(read(el, spec), el);
        announce(t('admin.saved'));
      } catch (err) {
        error.textContent = problem(err);
      }
    }) }, extra.before ?? null, fields(id, spec, values), error, h('div', { class: 'buttons' }, button, extra.after ?? null));
  return el;
}

// A button for one action (delete, revoke, deactivate) with an optional question first.
export function action(label, run, { confirmText, cls = 'secondary', error, testid, aria } = {}) {
  return h('button', { type: 'button', class: cls, 'data-testid': testid, 'aria-label': aria, onclick: async (e) => {
    if (confirmText && !confirm(confirmText)) return;
    e.target.disabled = true;
    try {
      await run();
    } catch (err) {
      e.target.disabled = false;
      if (error) error.textContent = problem(err);
      else alert(problem(err));
    }
  } }, label);
}

// columns: [{ label, cell: (row) => node | text }]. Under 800 px each row is a card whose
// cells carry their column's name (data-label, drawn by admin.css).
export function table(columns, rows, { rowAttrs = () => ({}), caption } = {}) {
  return h('div', { class: 'admin-table-wrap' }, h('table', { class: 'admin-table' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', rowAttrs(r), columns.map((c) =>
      h('td', { 'data-label': c.label }, c.cell(r) ?? '')))))));
}

export const opt = (values, prefix) => values.map((v) => [v, t(`${prefix}.${v}`)]);
export const yesNo = (v) => (v ? t('admin.yes') : t('admin.no'));
export { byName, byPerson } from '../../classes.js';
// A message, or the raw value when there is none for it (a kind added on the server later).
export const tr = (key, raw) => (t(key) === key ? raw : t(key));
