// A room's disinfection needs, on the room's own page: the rounds a day each item needs
// in this room. Left empty, an item follows the school's default (shown beside it); 0:
// the room does not need it (a room without tableware). Phones get the needs on their
// next pull and count what is due with them.
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { adminApi, problem } from './net.js';

export async function needsSection(user, room) {
  let data;
  try {
    data = await adminApi(user, `/rooms/${room.id}/needs`);
  } catch (err) {
    return h('p', { class: 'notice', role: 'alert' }, problem(err));
  }
  const error = h('p', { class: 'error', role: 'alert', id: 'needs-error' });
  const done = h('p', { role: 'status', 'data-testid': 'needs-saved' });
  const inputs = data.needs.map((n) => {
    const id = `need-${n.item}`;
    const input = h('input', { id, name: n.item, type: 'number', min: 0, max: 6, step: 1, inputmode: 'numeric',
      value: n.own ? String(n.rounds) : '', placeholder: String(n.default), 'aria-describedby': `${id}-default` });
    return h('div', { class: 'field need', 'data-item': n.item }, h('label', { for: id }, t(`item.${n.item}`)), input,
      h('small', { id: `${id}-default` }, t('admin.needs.default', { n: n.default })));
  });
  const form = h('form', { id: 'room-needs', class: 'admin-form', 'aria-labelledby': 'needs-title', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    done.textContent = '';
    const needs = {};
    for (const n of data.needs) {
      const raw = form.elements[n.item].value.trim();
      needs[n.item] = raw === '' ? null : Number(raw);
    }
    try {
      await adminApi(user, `/rooms/${room.id}/needs`, { method: 'PUT', body: { needs } });
      announce(t('admin.saved'));
      done.textContent = t('admin.saved');
    } catch (err) {
      error.textContent = problem(err);
    }
  } }, h('p', {}, t('admin.needs.help')), inputs, error, done,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('admin.needs.save'))));
  return h('section', { class: 'room-needs' }, h('h2', { id: 'needs-title' }, t('admin.needs.title')), form);
}
