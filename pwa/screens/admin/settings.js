// The school's own rules (#/admin/settings[?kind=<zone kind>]): the self-check checklist
// of each kind of zone (add, remove, reorder; checks already recorded keep what they
// recorded) and the disinfection rules (stricter than the national minimums, never laxer).
// An empty field keeps the default, shown in it. Phones get both on their next sync.
import { announce, h } from '../../dom.js';
import { getLocale, t } from '../../i18n.js';
import { adminApi, problem } from './net.js';
import { action, failed, page, tr } from './ui.js';

const ZONE_KINDS = ['gate', 'playground', 'classroom', 'kitchen', 'stairs', 'other'];

// A form whose result (saved, or why not) shows beside its buttons.
function sendForm(id, title, children, send) {
  const error = h('p', { class: 'error', role: 'alert', id: `${id}-error` });
  const done = h('p', { role: 'status', 'data-testid': `${id}-saved` });
  const el = h('form', { id, class: 'admin-form', 'aria-label': title, onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    done.textContent = '';
    try {
      await send(el);
      announce(t('admin.saved'));
      done.textContent = t('admin.saved');
    } catch (err) {
      error.textContent = problem(err);
    }
  } }, children, error, done);
  return el;
}

function checklistEditor(user, kind, list, redraw) {
  const items = list.items.map((i) => ({ ...i }));
  const rows = h('ol', { class: 'checklist-items' });
  const label = (i) => (getLocale() === 'en' ? i.en : i.zh) || t('admin.settings.new_item');
  const draw = () => rows.replaceChildren(...items.map((item, n) => {
    const zh = h('input', { id: `ci-${n}-zh`, value: item.zh ?? '', required: true, maxlength: 100,
      oninput: () => { item.zh = zh.value; } });
    const en = h('input', { id: `ci-${n}-en`, value: item.en ?? '', maxlength: 100, oninput: () => { item.en = en.value; } });
    const move = (by) => () => { items.splice(n + by, 0, ...items.splice(n, 1)); draw(); };
    return h('li', { class: 'checklist-item', 'data-key': item.key ?? '' },
      h('div', { class: 'field' }, h('label', { for: zh.id }, t('admin.settings.item_zh', { n: n + 1 })), zh),
      h('div', { class: 'field' }, h('label', { for: en.id }, t('admin.settings.item_en', { n: n + 1 })), en),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'secondary', disabled: n === 0, onclick: move(-1),
          'aria-label': `${t('admin.settings.up')}: ${label(item)}` }, '↑'),
        h('button', { type: 'button', class: 'secondary', disabled: n === items.length - 1, onclick: move(1),
          'aria-label': `${t('admin.settings.down')}: ${label(item)}` }, '↓'),
        h('button', { type: 'button', class: 'danger', 'data-testid': 'item-remove', onclick: () => { items.splice(n, 1); draw(); },
          'aria-label': `${t('admin.settings.remove_item')}: ${label(item)}` }, t('admin.settings.remove_item'))));
  }));
  draw();
  const title = t('admin.settings.checklist_of', { kind: tr(`admin.zone.${kind}`, kind) });
  return h('section', { class: 'checklist-editor', 'data-kind': kind },
    h('h3', {}, title, ' ', h('small', {}, t(list.custom ? 'admin.settings.own' : 'admin.settings.default'))),
    sendForm('checklist', title, [rows, h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'item-add',
        onclick: () => { items.push({ zh: '', en: '' }); draw(); rows.lastChild?.querySelector('input')?.focus(); } },
      t('admin.settings.add_item')),
      h('button', { type: 'submit', class: 'primary' }, t('admin.save')))],
    async () => {
      await adminApi(user, `/settings/zone-checklists/${encodeURIComponent(kind)}`, { method: 'PUT',
        body: { items: items.map(({ key, zh, en }) => ({ key: key ?? null, zh: zh.trim(), en: (en ?? '').trim() || null })) } });
      redraw();
    }),
    list.custom ? action(t('admin.settings.reset'), async () => {
      await adminApi(user, `/settings/zone-checklists/${encodeURIComponent(kind)}`, { method: 'DELETE' });
      redraw();
    }, { confirmText: t('admin.settings.reset_confirm') }) : null);
}

// One number field: the school's own value, or empty for the default (its placeholder).
function numberField(id, label, own, fallback, { step = 'any', min = 0, max } = {}) {
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('input', { id, name: id, type: 'number', step, min, max, inputmode: 'decimal',
      value: own ?? '', placeholder: String(fallback ?? '') }));
}

function disinfectionForm(user, { custom, defaults }, redraw) {
  const value = (form, id) => {
    const raw = form.elements[id].value.trim();
    return raw === '' ? null : Number(raw);
  };
  const minimums = Object.entries(defaults.minimum).flatMap(([method, byItem]) => Object.keys(byItem).map((item) => {
    const label = item === '*' ? t(`method.${method}`) : `${t(`method.${method}`)} · ${t(`item.${item}`)}`;
    return [method, item, numberField(`min-${method}-${item}`, `${label} (${t(`admin.settings.unit_${method}`)})`,
      custom.minimum?.[method]?.[item], byItem[item])];
  }));
  const title = t('admin.settings.disinfection');
  return sendForm('disinfection-rules', title, [
    h('fieldset', {}, h('legend', {}, t('admin.settings.daily')),
      Object.keys(defaults.allowed_methods).map((item) => numberField(`daily-${item}`, t(`item.${item}`),
        custom.daily?.[item], defaults.daily[item] ?? 0, { step: 1, max: 6 }))),
    h('fieldset', {}, h('legend', {}, t('admin.settings.minimum')), minimums.map(([, , f]) => f)),
    h('fieldset', {}, h('legend', {}, t('admin.settings.other_rules')),
      numberField('observation', t('admin.settings.observation'), custom.observation_room_chlorine, defaults.observation_room_chlorine),
      numberField('rounds-factor', t('admin.settings.rounds_factor'), custom.outbreak?.rounds_factor, defaults.outbreak.rounds_factor, { step: 1, min: 1, max: 2 }),
      numberField('chlorine-factor', t('admin.settings.chlorine_factor'), custom.outbreak?.chlorine_factor, defaults.outbreak.chlorine_factor, { min: 1, max: 4 })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('admin.save')))],
  async (form) => {
    const body = {};
    const put = (path, v) => {
      if (v === null) return;
      const keys = path.split('/');
      let at = body;
      keys.slice(0, -1).forEach((k) => { at = (at[k] ??= {}); });
      at[keys.at(-1)] = v;
    };
    Object.keys(defaults.allowed_methods).forEach((item) => put(`daily/${item}`, value(form, `daily-${item}`)));
    minimums.forEach(([method, item]) => put(`minimum/${method}/${item}`, value(form, `min-${method}-${item}`)));
    put('observation_room_chlorine', value(form, 'observation'));
    put('outbreak/rounds_factor', value(form, 'rounds-factor'));
    put('outbreak/chlorine_factor', value(form, 'chlorine-factor'));
    await adminApi(user, '/settings/disinfection', { method: 'PUT', body });
    redraw();
  });
}

export async function settingsScreen(user, id, query, redraw) {
  const title = t('admin.section.settings');
  let settings;
  try {
    settings = await adminApi(user, '/settings');
  } catch (err) {
    return failed(title, err, redraw);
  }
  const kinds = [...new Set([...ZONE_KINDS, ...Object.keys(settings.zone_checklists)])];
  const kind = kinds.includes(query.get('kind')) ? query.get('kind') : kinds[0];
  const list = settings.zone_checklists[kind] ?? { items: [], custom: false };
  const choose = h('select', { id: 'checklist-kind', onchange: (e) => { location.hash = `#/admin/settings?kind=${encodeURIComponent(e.target.value)}`; } },
    kinds.map((k) => h('option', { value: k, selected: k === kind }, tr(`admin.zone.${k}`, k))));
  return page(title,
    h('h2', {}, t('admin.settings.checklists')),
    h('p', {}, t('admin.settings.checklists_help')),
    h('div', { class: 'field' }, h('label', { for: 'checklist-kind' }, t('admin.field.kind')), choose),
    checklistEditor(user, kind, list, redraw),
    h('h2', {}, t('admin.settings.disinfection')),
    h('p', {}, t('admin.settings.disinfection_help')),
    disinfectionForm(user, settings.disinfection, redraw));
}
