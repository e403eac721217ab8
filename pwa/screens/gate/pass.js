// One visitor: the pass shown on the screen (or printed) with name, host, time in and a QR
// code of the visitor's id, and what may be done next.
import { encode } from 'uqr';
import { h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { tokenFor } from '../../session.js';
import { schoolTime } from '../../time.js';
import { decide, enter, leave } from './actions.js';
import { GATE, load, rejectedHere, rejectedNote, visitorPhoto } from './data.js';

const SVG = 'http://www.w3.org/2000/svg';

// Drawn as one SVG path from the module matrix: no markup strings, nothing the page's
// content security policy would have to allow.
function qr(text, label) {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let d = '';
  data.forEach((row, y) => row.forEach((on, x) => { if (on) d += `M${x} ${y}h1v1h-1z`; }));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'qr');
  const bg = document.createElementNS(SVG, 'rect');
  Object.entries({ width: size, height: size, fill: '#fff' }).forEach(([k, v]) => bg.setAttribute(k, v));
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

export async function passScreen(user, parts, query, redraw) {
  const { visitor: all, user: users } = await load('visitor', 'user');
  const v = all.find((x) => x.id === parts[0]);
  if (!v) return h('p', { class: 'empty' }, t('gate.no_such_visitor'));
  const host = users.find((u) => u.id === v.host_id);
  const refused = (await rejectedHere()).get(`visitor:${v.id}`);
  const gate = GATE.has(user.role);
  const act = (key, fn, cls) => h('button', { type: 'button', class: `${cls} wide`, 'data-act': key,
    onclick: oneTap(async () => { await fn(); await redraw(); }) }, t(`gate.act_${key}`));
  const mayDecide = v.status === 'waiting' && (v.host_id === user.id || user.role === 'admin')
    && (!v.blocked || user.role === 'admin');
  return h('div', { class: 'pass-screen', 'data-status': v.status, 'data-one-tap': true },
    h('section', { class: 'pass', 'aria-labelledby': 'pass-h' },
      h('h1', { id: 'pass-h' }, t('gate.pass')),
      h('p', { class: 'pass-name' }, v.name, v.people > 1 ? ` ×${v.people}` : ''),
      v.photo ? visitorPhoto(v, await tokenFor(user.id)) : null,
      h('dl', {},
        h('dt', {}, t('gate.f_host')), h('dd', {}, host?.name ?? '?'),
        h('dt', {}, t('gate.time_in')), h('dd', { 'data-testid': 'time-in' }, v.entered_at ? schoolTime(v.entered_at, user.timezone) : '—'),
        h('dt', {}, t('gate.f_id_number')), h('dd', {}, v.id_masked ?? '—'),
        h('dt', {}, t('gate.state')), h('dd', { 'data-testid': 'visitor-status' }, t(`gate.st_${v.status}`))),
      qr(`SANGUAN-VISITOR:${v.id}`, t('gate.qr_label', { name: v.name }))),
    rejectedNote(refused),
    v.blocked && v.status === 'waiting' ? h('p', { class: 'gate-alert', role: 'alert', 'data-testid': 'block-alert' },
      t('gate.blocked_alert')) : null,
    mayDecide ? [act('allow', () => decide(user, v, true), 'primary'), act('refuse', () => decide(user, v, false), 'danger')] : null,
    gate && v.status === 'waiting' && !v.blocked
      ? h('a', { class: 'button secondary wide', href: `#/visitor-call/${v.id}` }, t('gate.act_call')) : null,
    gate && v.status === 'allowed' ? act('enter', () => enter(user, v), 'primary') : null,
    gate && v.status === 'entered' ? act('leave', () => leave(user, v), 'secondary') : null,
    h('button', { type: 'button', class: 'secondary wide no-print', onclick: () => print() }, t('gate.print')),
    h('a', { class: 'button secondary wide', href: '#/visitors' }, t('gate.visitors')));
}
