// The monthly staff scorecard: per person, things done on time, late and missed, hazards
// fixed within their deadline, their classes' results; every figure opens its items. The
// admin adjusts a figure with a reason; the computed figure stays beside it.
import { api } from '../../api.js';
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { tokenFor } from '../../session.js';
import { today } from '../../time.js';
import { failed, form, frame, table } from '../admin/ui.js';
import { back, exportButtons, pct, reportsApi } from './net.js';
import { recordsHref } from './today.js';

const FIGURES = { on_time: 'rep.on_time', late: 'rep.late', missed: 'rep.missed', hazards_within: 'rep.hz_within',
  hazards_late: 'rep.hz_late', hazards_overdue: 'rep.hz_overdue' };

function figure(p, name, month) {
  const f = p.figures[name];
  const href = recordsHref(`scorecard_items?month=${month}&user_id=${p.user_id}&figure=${name}`);
  return h('span', {}, h('a', { href, class: 'row-link', 'data-figure': name }, String(f.value)),
    f.adjustment ? h('small', { class: 'rep-adjusted' }, ' ', t('rep.adjusted', { computed: f.computed, ...f.adjustment })) : null);
}

export async function scorecardScreen(user, parts, query, redraw) {
  const title = t('rep.scorecard');
  const month = query.get('month') ?? today(user.timezone).slice(0, 7);  // the school's month
  let card;
  try {
    card = await reportsApi(user, `/scorecard?month=${encodeURIComponent(month)}`);
  } catch (err) {
    return failed(title, err, redraw, back());
  }
  const input = h('input', { type: 'month', id: 'rep-month', value: card.month });
  const people = card.people;
  const adjust = user.role === 'admin' && people.length ? form('rep-adjust', [
    { key: 'user_id', label: t('rep.person'), type: 'select', required: true, options: people.map((p) => [p.user_id, p.name]) },
    { key: 'figure', label: t('rep.figure'), type: 'select', required: true, options: Object.entries(FIGURES).map(([k, m]) => [k, t(m)]) },
    { key: 'value', label: t('rep.value'), type: 'number', required: true, min: 0 },
    { key: 'reason', label: t('rep.reason'), required: true, minlength: 2, maxlength: 500 }], {}, t('rep.adjust'), async (body) => {
    await api('/api/reports/scorecard/adjustments', { method: 'POST', body: { ...body, month: card.month }, token: await tokenFor(user.id) });
    redraw();
  }, { title: t('rep.adjust') }) : null;
  return frame(user.role === 'admin' || user.role === 'health' ? back() : ['#/', t('nav_today')], `${title} ${card.month}`,
    h('form', { class: 'admin-filter', onsubmit: (e) => { e.preventDefault(); location.hash = `#/reports/scorecard?month=${input.value}`; } },
      h('label', { for: 'rep-month' }, t('rep.month')), input, h('button', { type: 'submit', class: 'secondary' }, t('rep.show'))),
    h('p', {}, t('rep.holiday_rule')),
    card.empty ? h('p', { class: 'empty', 'data-testid': 'empty' }, t('rep.empty')) : [
      exportButtons(user, `/api/reports/scorecard?month=${card.month}`, `scorecard-${card.month}`),
      table([{ label: t('rep.person'), cell: (p) => h('b', {}, p.name) },
        ...Object.entries(FIGURES).map(([k, m]) => ({ label: t(m), cell: (p) => figure(p, k, card.month) })),
        { label: t('rep.rate'), cell: (p) => pct(p.on_time_rate) }], people, { rowAttrs: (p) => ({ 'data-user': p.user_id }) }),
      adjust,
      h('h2', {}, t('rep.class_results')),
      table([{ label: t('rep.rank'), cell: (c) => String(c.rank) }, { label: t('rep.class'), cell: (c) => c.class },
        { label: t('rep.checks_rate'), cell: (c) => pct(c.checks_rate) },
        { label: t('rep.disinfection_rate'), cell: (c) => h('a', { class: 'row-link',
          href: recordsHref(`disinfections?month=${card.month}&class_id=${c.class_id}`) }, pct(c.disinfection_rate)) },
        { label: t('rep.below'), cell: (c) => h('a', { class: 'row-link',
          href: recordsHref(`disinfections?month=${card.month}&class_id=${c.class_id}&below_minimum=1`) }, String(c.below_minimum)) },
        { label: t('rep.att_rate'), cell: (c) => h('a', { class: 'row-link',
          href: recordsHref(`health_checks?month=${card.month}&class_id=${c.class_id}&session=morning&school_days=1`) }, pct(c.attendance_rate)) }],
      card.classes)]);
}
