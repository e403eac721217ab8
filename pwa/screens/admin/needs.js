// A room's disinfection needs, on the room's own page: the rounds a day each item needs
// in this room (0: not needed there, e.g. a room without tableware). Saved, they are the
// room's own; until then, and after "back to the school's defaults", the room follows the
// school's daily rules. Phones get the needs on their next pull and count what is due.
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
  const send = async (needs) => {
    error.textContent = '';
    done.textContent = '';
    try {
      data = await adminApi(user, `/rooms/${room.id}/needs`, { method: 'PUT', body: { needs } });
      announce(t('admin.saved'));
      done.textContent = t('admin.saved');
      state.textContent = t(data.own ? 'admin.needs.own' : 'admin.needs.defaults');
      reset.hidden = !data.own;
      data.needs.forEach((n) => { form.elements[n.item].value = String(n.rounds); });
    } catch (err) {
      error.textContent = problem(err);
    }
  };
  const inputs = data.needs.map((n) => {
    const id = `need-${n.item}`;
    return h('div', { class: 'field need', 'data-item': n.item }, h('label', { for: id }, t(`item.${n.item}`)),
      h('input', { id, name: n.item, type: 'number', min: 0, max: 6, step: 1, inputmode: 'numeric', required: true,
        value: String(n.rounds), 'aria-describedby': `${id}-default` }),
      h('small', { id: `${id}-default` }, t('admin.needs.default', { n: n.default })));
  });
  const state = h('p', { 'data-testid': 'needs-state' }, t(data.own ? 'admin.needs.own' : 'admin.needs.defaults'));
  const reset = h('button', { type: 'button', class: 'secondary', hidden: !data.own, onclick: () => send(null) },
    t('admin.needs.reset'));
  const form = h('form', { id: 'room-needs', class: 'admin-form', 'aria-labelledby': 'needs-title', onsubmit: (e) => {
    e.preventDefault();
    send(Object.fromEntries(data.needs.map((n) => [n.item, Number(form.elements[n.item].value)])));
  } }, h('p', {}, t('admin.needs.help')), state, inputs, error, done,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('admin.needs.save')), reset));
  return h('section', { class: 'room-needs' }, h('h2', { id: 'needs-title' }, t('admin.needs.title')), form);
}
