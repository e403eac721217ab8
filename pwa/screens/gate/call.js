// The guard records what the host said on the phone: who allowed (or refused) it, now.
// A visitor on the block list is not decided here: only the admin can allow them.
import { h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { decide } from './actions.js';
import { load } from './data.js';

export async function callScreen(user, parts) {
  const { visitor: all, user: users } = await load('visitor', 'user');
  const v = all.find((x) => x.id === parts[0]);
  if (!v || v.status !== 'waiting') return h('p', { class: 'empty' }, t('gate.not_waiting'));
  if (v.blocked) return h('p', { class: 'gate-alert', role: 'alert' }, t('gate.blocked_alert'));
  const host = users.find((u) => u.id === v.host_id);
  const go = (allow) => oneTap(async (e) => {
    e.preventDefault();
    const who = document.getElementById('call-who').value.trim();
    if (!who) { document.getElementById('call-error').textContent = t('gate.need_who'); return; }
    await decide(user, v, allow, 'phone_call', who);
    location.hash = `#/visitor/${v.id}`;
  });
  return h('form', { class: 'call', onsubmit: go(true) },
    h('h1', {}, t('gate.call_title', { name: v.name })),
    h('label', { for: 'call-who' }, t('gate.call_who')),
    h('input', { id: 'call-who', name: 'who', value: host?.name ?? '', maxlength: 100, required: true }),
    h('p', { id: 'call-error', class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary wide', 'data-act': 'call-allow' }, t('gate.call_allow')),
    h('button', { type: 'button', class: 'danger wide', 'data-act': 'call-refuse', onclick: go(false) }, t('gate.call_refuse')));
}
