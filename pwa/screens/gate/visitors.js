// Visitors: at the gate, every visitor of today by state (waiting first, then allowed to
// enter, then on site); for any other member of staff, the visitors waiting for them to
// decide, and who is on site now.
import { h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { counted } from '../../outbox.js';
import { tokenFor } from '../../session.js';
import { schoolTime } from '../../time.js';
import { exportButtons } from '../reports/net.js';
import { decide, enter, leave } from './actions.js';
import { GATE, load, onSite, rejectedHere, rejectedNote, todayOf, visitorPhoto,
  visitorsNow } from './data.js';

const ORDER = ['waiting', 'allowed', 'entered', 'refused', 'left'];

function row(user, v, hosts, redraw, token, refused) {
  const act = (label, fn, cls = 'secondary') => h('button', { type: 'button', class: cls,
    'data-act': label, 'aria-label': `${t(`gate.act_${label}`)} ${v.name}`,
    onclick: oneTap(async () => { await fn(); await redraw(); }) }, t(`gate.act_${label}`));
  const gate = GATE.has(user.role);
  const mayDecide = v.status === 'waiting' && (v.host_id === user.id || user.role === 'admin')
    && (!v.blocked || user.role === 'admin');
  return h('li', { class: `visitor ${v.status}${v.blocked ? ' blocked' : ''}`, 'data-visitor': v.id,
    'data-status': v.status },
  v.photo ? visitorPhoto(v, token, 'visitor-thumb') : null,
  h('a', { href: `#/visitor/${v.id}`, class: 'who' }, h('strong', {}, v.name),
    h('small', {}, t(`gate.st_${v.status}`), ' · ', t('gate.host_is', { name: hosts.get(v.host_id)?.name ?? '?' }),
      v.entered_at ? ` · ${t('gate.in_at', { at: schoolTime(v.entered_at, user.timezone) })}` : '',
      v.pending && !refused ? ` · ${t('gate.unsent')}` : '')),
  rejectedNote(refused),
  v.blocked && v.status === 'waiting' ? h('p', { class: 'gate-alert' }, t('gate.blocked_alert')) : null,
  h('span', { class: 'buttons', 'data-one-tap': true },
    mayDecide ? [act('allow', () => decide(user, v, true), 'primary'), act('refuse', () => decide(user, v, false), 'danger')] : null,
    gate && v.status === 'waiting' && !v.blocked
      ? h('a', { class: 'button secondary', href: `#/visitor-call/${v.id}` }, t('gate.act_call')) : null,
    gate && v.status === 'allowed' ? act('enter', () => enter(user, v), 'primary') : null,
    gate && v.status === 'entered' ? act('leave', () => leave(user, v)) : null));
}

export async function visitorsScreen(user, parts, query, redraw) {
  const { visitor: all, user: users } = await load('visitor', 'user');
  const hosts = new Map(users.map((u) => [u.id, u]));
  const date = todayOf(user);
  const gate = GATE.has(user.role);
  const mine = gate ? [] : all.filter((v) => v.host_id === user.id && v.status === 'waiting');
  const today = visitorsNow(all, date).sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status)
    || (a.registered_at ?? '').localeCompare(b.registered_at ?? ''));
  const inside = onSite(counted(all));  // a refused entry is nobody on site (outbox.js)
  const [token, refused] = await Promise.all([all.some((v) => v.photo) ? tokenFor(user.id) : null, rejectedHere()]);
  const list = (id, items) => h('ul', { class: 'visitors', id }, items.map((v) => row(user, v, hosts, redraw, token,
    refused.get(`visitor:${v.id}`))));
  return h('div', { class: 'visitors-screen' },
    h('h1', {}, t('gate.visitors')),
    gate ? h('a', { class: 'button primary wide', href: '#/visitor-new' }, t('gate.register')) : null,
    gate ? null : [h('h2', {}, t('gate.for_you', { n: mine.length })),
      mine.length ? list('mine', mine) : h('p', { class: 'empty' }, t('gate.none_waiting'))],
    h('h2', { 'data-testid': 'on-site', 'data-count': String(inside.length) }, t('gate.on_site', { n: inside.length })),
    inside.length ? list('on-site', inside) : h('p', { class: 'empty' }, t('gate.nobody_on_site')),
    gate ? [h('h2', {}, t('gate.today_visitors', { n: today.length })), list('today', today),
      exportButtons(user, `/api/reports/records/visitors?date=${date}`, `visitors-${date}`)] : null);
}
