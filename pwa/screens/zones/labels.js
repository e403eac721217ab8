// The admin's A4 sheet of zone QR labels (GET /api/zones/labels), printed from the browser.
import { api } from '../../api.js';
import { h } from '../../dom.js';
import { reason, t } from '../../i18n.js';
import { tokenFor } from '../../session.js';

function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return null;
  svg.querySelectorAll('script, foreignObject').forEach((n) => n.remove());
  svg.setAttribute('role', 'img');
  return document.importNode(svg, true);
}

export async function labelsScreen(user) {
  let labels;
  try {
    labels = (await api('/api/zones/labels', { token: await tokenFor(user.id) })).labels;
  } catch (e) {
    return h('p', { class: 'error', role: 'alert' }, reason(e.code, e.message));
  }
  return h('div', { class: 'zlabels-page' },
    h('h1', { class: 'noprint' }, t('z.labels')),
    h('p', { class: 'noprint' }, h('button', { type: 'button', class: 'primary', onclick: () => print() }, t('z.print'))),
    h('div', { class: 'zlabels' }, labels.map((l) => {
      const svg = svgNode(l.svg);
      svg?.setAttribute('aria-label', l.zone);
      return h('figure', { class: 'zlabel', 'data-zone': l.zone_id }, svg, h('figcaption', {}, l.zone));
    })));
}
