// The records behind a number: the list the server counted, with the same filters, and
// the same list as CSV or Excel. #/reports/records/<kind>?<filters>
import { h } from '../../dom.js';
import { getLocale, t } from '../../i18n.js';
import { failed, frame, table } from '../admin/ui.js';
import { back, exportButtons, reportsApi, show } from './net.js';

const HIDDEN = /(^id$|_id$|^hlc$|^history$|^photos$|^fix_photos$|^field_hlc$|^users$)/;
const path = (kind) => (kind === 'scorecard_items' ? '/scorecard/items' : `/records/${kind}`);

export async function recordsScreen(user, [kind], query, redraw) {
  const title = t(`rep.k.${kind}`);
  const q = query.toString();
  let body;
  try {
    body = await reportsApi(user, `${path(kind)}${q ? `?${q}` : ''}`);
  } catch (err) {
    return failed(title, err, redraw, back());
  }
  const rows = body.records;
  const labels = new Map(body.columns ?? []);
  const keys = Object.keys(rows[0] ?? {}).filter((k) => !HIDDEN.test(k));
  const label = (k) => (getLocale() === 'en' || !labels.has(k) ? k.replaceAll('_', ' ') : labels.get(k));
  return frame(back(), title,
    h('p', { class: 'rep-filters' }, [...query].map(([k, v]) => h('span', { class: 'chip' }, `${k}: ${v}`))),
    exportButtons(user, `/api/reports${path(kind)}${q ? `?${q}` : ''}`, `${kind}`),
    rows.length ? h('p', { 'data-testid': 'count' }, t('rep.count', { n: rows.length })) : null,
    rows.length ? table(keys.map((k) => ({ label: label(k), cell: (r) => show(r[k]) })), rows,
      { rowAttrs: () => ({ class: 'record' }) })
      : h('p', { class: 'empty', 'data-testid': 'empty' }, t('rep.empty')));
}
