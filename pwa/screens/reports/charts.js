// Charts where people would rather look than read, drawn as plain SVG (no library): the
// term's attendance rate with abnormal checks under it, each class's disinfection done of
// due, hazards opened and closed per month. Each chart has a title, and a table of its
// figures for those who cannot see it.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { failed, frame, table } from '../admin/ui.js';
import { back, pct, reportsApi } from './net.js';
import { recordsHref } from './today.js';

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return el;
}

function chart(title, width, height, ...marks) {
  return s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'rep-chart' },
    s('title', {}, title), ...marks);
}

// Attendance rate per day as a line over 0–100 %, abnormal checks per day as bars below.
function attendance(days) {
  const W = 600, H = 220, top = 10, mid = 150, n = Math.max(days.length, 1);
  const x = (i) => 30 + (i * 560) / Math.max(n - 1, 1);
  const most = Math.max(1, ...days.map((d) => d.abnormal));
  const line = days.map((d, i) => `${x(i)},${top + (mid - top) * (1 - (d.rate ?? 0) / 100)}`).join(' ');
  return chart(t('rep.att_chart'), W, H,
    [0, 50, 100].map((v) => s('text', { x: 0, y: top + (mid - top) * (1 - v / 100) + 4, class: 'axis' }, `${v}%`)),
    s('polyline', { points: line, class: 'rate' }),
    days.map((d, i) => s('rect', { x: x(i) - 2, y: H - 10 - (50 * d.abnormal) / most, width: 4,
      height: (50 * d.abnormal) / most, class: 'abnormal' })),
    s('text', { x: 30, y: H, class: 'axis' }, days[0]?.date ?? ''),
    s('text', { x: 500, y: H, class: 'axis' }, days.at(-1)?.date ?? ''));
}

function bars(title, rows, value, label) {
  const W = 600, row = 28;
  return chart(title, W, Math.max(row, rows.length * row), rows.map((r, i) => [
    s('text', { x: 0, y: i * row + 18, class: 'axis' }, label(r)),
    s('rect', { x: 150, y: i * row + 5, width: (380 * (value(r) ?? 0)) / 100, height: row - 10, class: 'done' }),
    s('text', { x: 540, y: i * row + 18, class: 'axis' }, pct(value(r)))]));
}

function hazards(months) {
  const W = 600, H = 180, most = Math.max(1, ...months.flatMap((m) => [m.opened, m.closed]));
  const step = 560 / Math.max(months.length, 1);
  return chart(t('rep.hz_chart'), W, H, months.map((m, i) => [
    s('rect', { x: 30 + i * step, y: 150 - (140 * m.opened) / most, width: step / 3, height: (140 * m.opened) / most, class: 'opened' }),
    s('rect', { x: 30 + i * step + step / 3, y: 150 - (140 * m.closed) / most, width: step / 3, height: (140 * m.closed) / most, class: 'closed' }),
    s('text', { x: 30 + i * step, y: 170, class: 'axis' }, m.month.slice(2))]));
}

export async function chartsScreen(user, parts, query, redraw) {
  const title = t('rep.charts');
  const q = query.toString();
  let c;
  try {
    c = await reportsApi(user, `/charts${q ? `?${q}` : ''}`);
  } catch (err) {
    return failed(title, err, redraw, back());
  }
  const figure = (heading, svg, tbl) => h('figure', { class: 'rep-figure' }, h('figcaption', {}, h('h2', {}, heading)), svg,
    h('details', {}, h('summary', {}, t('rep.records')), tbl));
  return frame(back(), `${title} ${c.from} – ${c.to}`,
    c.empty ? h('p', { class: 'empty', 'data-testid': 'empty' }, t('rep.empty')) : [
      figure(t('rep.att_chart'), attendance(c.attendance), table([
        { label: t('rep.date'), cell: (d) => h('a', { class: 'row-link', href: recordsHref(`health_checks?date=${d.date}&session=morning`) }, d.date) },
        { label: t('rep.att_rate'), cell: (d) => pct(d.rate) },
        { label: t('rep.abnormal'), cell: (d) => h('a', { class: 'row-link', href: recordsHref(`health_checks?date=${d.date}&abnormal=1`) }, String(d.abnormal)) }],
      c.attendance)),
      figure(t('rep.dis_chart'), bars(t('rep.dis_chart'), c.disinfection, (r) => r.rate, (r) => r.class), table([
        { label: t('rep.class'), cell: (r) => r.class },
        { label: t('rep.disinfection_rate'), cell: (r) => h('a', { class: 'row-link',
          href: recordsHref(`disinfections?from=${c.from}&to=${c.to}&class_id=${r.class_id}`) }, `${r.done}/${r.due} · ${pct(r.rate)}`) }],
      c.disinfection)),
      figure(t('rep.hz_chart'), hazards(c.hazards), table([
        { label: t('rep.month'), cell: (m) => m.month }, { label: t('rep.opened'), cell: (m) => String(m.opened) },
        { label: t('rep.closed'), cell: (m) => String(m.closed) }], c.hazards))]);
}
