// Today, for the admin and the health teacher, on a phone or a laptop: the three gates per
// class and every number that needs someone, each a link to the records it counts.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { failed, frame, table } from '../admin/ui.js';
import { schoolTime } from '../../time.js';
import { reportsApi } from './net.js';
import { PIECES } from './pieces.js';

// Numbers where anything above 0 needs someone.
const FIGURES = ['abnormal', 'followups_open', 'outbreak_alerts', 'disinfection_missing', 'disinfection_overdue',
  'disinfection_below', 'zones_missing', 'hazards_open', 'hazards_overdue', 'visitors_waiting',
  'visitors_on_site', 'devices_not_syncing'];
const NEUTRAL = new Set(['visitors_on_site', 'hazards_open', 'disinfection_missing']);

export const recordsHref = (records) => `#/reports/records/${records}`;

export function tile(name, fig) {
  const state = fig.n === 0 ? 'ok' : NEUTRAL.has(name) ? 'info' : 'bad';
  return h('li', {}, h('a', { href: recordsHref(fig.records), class: `rep-tile ${state}`, 'data-figure': name },
    h('span', { class: 'rep-n' }, String(fig.n)), h('span', {}, t(`rep.f.${name}`))));
}

// One class's session: checked of expected, missing, by whom and when, on the school's
// clock (a day without school owes nothing, so nothing is "not started").
function session(s, schoolDay, timeZone) {
  const when = s.first_at ? `${schoolTime(s.first_at, timeZone)}–${schoolTime(s.last_at, timeZone)}`
    : schoolDay ? t('rep.not_started') : '';
  return h('span', { class: 'rep-gate' },
    h('a', { href: recordsHref(s.records), class: `row-link ${s.done ? 'ok' : ''}`, 'data-gate': 'checked' },
      t('rep.checked', { checked: s.checked, expected: s.expected })),
    s.missing ? h('a', { href: recordsHref(s.missing_records), class: 'row-link bad', 'data-gate': 'missing' },
      t('rep.missing', { n: s.missing })) : null,
    h('small', {}, [s.by.join(t('list_sep')), when].filter(Boolean).join(' · ')));
}

function disinfection(d) {
  return h('span', { class: 'rep-gate' },
    h('a', { href: recordsHref(d.records), class: `row-link ${d.done_all ? 'ok' : ''}` }, t('rep.rounds', d)),
    d.missing ? h('a', { href: recordsHref(d.missing_records), class: 'row-link bad' }, t('rep.rounds_missing', { n: d.missing })) : null,
    d.below_minimum ? h('small', { class: 'bad' }, `${t('rep.f.disinfection_below')} ${d.below_minimum}`) : null);
}

export async function todayScreen(user, parts, query, redraw) {
  const title = t('rep.today');
  const date = query.get('date') ?? '';
  let day;
  try {
    day = await reportsApi(user, `/today${date ? `?date=${encodeURIComponent(date)}` : ''}`);
  } catch (err) {
    return failed(title, err, redraw, ['#/', t('nav_today')]);
  }
  const a = day.attendance;
  const pieces = Object.entries(day.pieces ?? {}).filter(([, p]) => p)
    .map(([name, p]) => (PIECES.has(name) ? PIECES.get(name)(p, user) : tile(name, p)));
  const input = h('input', { type: 'date', id: 'rep-date', value: day.date });
  return frame(['#/', t('nav_today')], `${title} ${day.date}`,
    h('form', { class: 'admin-filter', onsubmit: (e) => { e.preventDefault(); location.hash = `#/reports?date=${input.value}`; } },
      h('label', { for: 'rep-date' }, t('rep.date')), input, h('button', { type: 'submit', class: 'secondary' }, t('rep.show'))),
    day.school_day ? null : h('p', { class: 'notice' }, t('rep.not_school_day')),
    h('p', {}, h('a', { href: recordsHref(a.records), class: 'row-link', 'data-figure': 'attendance' },
      // A day without school has no attendance rate: 0 of 75 would read as an alarm.
      day.school_day ? t('rep.attendance', { present: a.present, expected: a.expected, rate: a.rate ?? '—' })
        : t('rep.attendance_closed', { present: a.present }))),
    h('ul', { class: 'rep-tiles' }, FIGURES.map((name) => tile(name, day.figures[name])), pieces),
    h('h2', {}, t('rep.gates')),
    table([{ label: t('rep.class'), cell: (c) => h('b', {}, c.name) },
      { label: t('rep.morning'), cell: (c) => session(c.morning, day.school_day, user.timezone) },
      { label: t('rep.noon'), cell: (c) => session(c.noon, day.school_day, user.timezone) },
      { label: t('rep.disinfection'), cell: (c) => disinfection(c.disinfection) }],
    day.classes, { rowAttrs: (c) => ({ 'data-class': c.id }) }),
    h('h2', {}, t('rep.links')),
    h('ul', { class: 'admin-menu' },
      h('li', {}, h('a', { href: '#/reports/scorecard', class: 'button secondary' }, t('rep.scorecard'))),
      h('li', {}, h('a', { href: '#/reports/charts', class: 'button secondary' }, t('rep.charts')))));
}
