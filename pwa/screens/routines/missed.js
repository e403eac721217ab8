// Online views of routines: the missed items of today (a self-contained panel the admin's
// home includes: GET /api/routines/missed), and a person's record of the last two weeks.
import { api } from '../../api.js';
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { tokenFor } from '../../session.js';
import { problem } from '../admin/net.js';

export async function missedPanel(user) {
  const box = h('section', { class: 'rmissed', 'aria-labelledby': 'rmissed-title', 'data-testid': 'routine-missed' });
  let rows;
  try {
    ({ missed: rows } = await api('/api/routines/missed', { token: await tokenFor(user.id) }));
  } catch (err) {
    box.append(h('h2', { id: 'rmissed-title' }, t('r.missed_title', { n: '?' })),
      h('p', { class: 'notice' }, err?.status === 0 ? t('r.missed_offline') : problem(err)));
    return box;
  }
  box.append(h('h2', { id: 'rmissed-title' }, t('r.missed_title', { n: rows.length })),
    rows.length ? h('ul', { class: 'rmissed-list' }, rows.map((r) => h('li', { 'data-item': r.item_key, 'data-owner': r.owner_id },
      t('r.missed_row', { owner: r.owner, label: r.label, window: `${r.start ?? ''}–${r.end ?? ''}` }),
      r.people.length ? h('small', {}, ` · ${r.people.join(t('list_sep'))}`) : null)))
      : h('p', { class: 'rall' }, t('r.missed_none')));
  return box;
}

export async function historyScreen(user) {
  const box = h('div', { class: 'rhistory' }, h('h1', {}, t('r.history_title')));
  let body;
  try {
    body = await api('/api/routines/history', { token: await tokenFor(user.id) });
  } catch (err) {
    box.append(h('p', { class: 'notice', role: 'alert' }, err?.status === 0 ? t('r.missed_offline') : problem(err)));
    return box;
  }
  const days = new Map();
  for (const r of body.rows) days.set(r.date, [...(days.get(r.date) ?? []), r]);
  for (const [date, rows] of [...days].reverse()) {
    box.append(h('h2', {}, date), h('ul', { class: 'rlist history' }, rows.map((r) =>
      h('li', { class: `ritem ${r.state}`, 'data-state': r.state },
        h('span', { class: 'rlabel' }, r.label), ' ',
        h('small', {}, `${r.start ?? ''}–${r.end ?? ''} · `, h('strong', {}, t(`r.state.${r.state}`)))))));
  }
  if (!days.size) box.append(h('p', { class: 'empty' }, t('r.none_today')));
  return box;
}
