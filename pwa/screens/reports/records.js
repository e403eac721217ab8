// The records behind a number: the list the server counted, with the same filters, and
// the same list as CSV or Excel. #/reports/records/<kind>?<filters>
import { byEntity } from '../../db.js';
import { h } from '../../dom.js';
import { getLocale, t } from '../../i18n.js';
import { failed, frame, table } from '../admin/ui.js';
import { back, exportButtons, reportsApi, show } from './net.js';

const HIDDEN = /(^id$|_id$|^hlc$|^history$|^photos$|^fix_photos$|^field_hlc$|^users$)/;
const path = (kind) => (kind === 'scorecard_items' ? '/scorecard/items' : `/records/${kind}`);

// The filters a list was counted with, as people say them: a flag by its name alone,
// a class or a person by name, a code in its words.
const FLAGS = new Set(['abnormal', 'below_minimum', 'on_site', 'flagged', 'school_days', 'missing', 'overdue']);

// The app's messages that name a column's codes, by the column.
const MESSAGES = { session: 'session', status: 'status', symptoms: 'symptom', action: 'action',
  absence_reason: 'reason', item: 'item', method: 'method' };

function english(column, code) {
  const key = `${MESSAGES[column]}.${code}`;
  const said = MESSAGES[column] ? t(key) : key;
  return said !== key ? said : String(code).replaceAll('_', ' ');
}

async function filterChips(query, say) {
  const [classes, users] = await Promise.all([byEntity('class'), byEntity('user')]);
  const names = new Map([...classes, ...users].map((r) => [r.id, r.name]));
  return [...query].filter(([k]) => k !== 'format').map(([k, v]) => h('span', { class: 'chip', 'data-filter': k },
    FLAGS.has(k) && v === '1' ? t(`rep.q.${k}`)
      : k === 'state' && FLAGS.has(v) ? t(`rep.q.${v}`)  // state=missing: "Not done only"
      : `${t(`rep.q.${k}`) === `rep.q.${k}` ? k : t(`rep.q.${k}`)}: ${k.endsWith('_id') ? names.get(v) ?? v : say(k, v)}`));
}

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
  // The columns the server's files have, in their order (a row carries more: ids, and
  // what the screens that share its rows need); without them, the row's own fields.
  const keys = (body.columns ? [...labels.keys()].filter((k) => rows.some((r) => k in r))
    : Object.keys(rows[0] ?? {})).filter((k) => !HIDDEN.test(k));
  const heading = (k) => k.charAt(0).toUpperCase() + k.slice(1).replaceAll('_', ' ');
  const label = (k) => (getLocale() === 'en' || !labels.has(k) ? heading(k) : labels.get(k));
  // A column of codes in words: the server's files' (Chinese), or in English the app's own
  // where it has them (Morning check, Sore throat), else the code with spaces.
  const words = body.words ?? {};
  const word = getLocale() === 'en' ? english : (k, x) => words[k][x] ?? x;
  const say = (k, v) => (!words[k] || v == null ? v : Array.isArray(v) ? v.map((x) => word(k, x)) : word(k, v));
  return frame(back(), title,
    h('p', { class: 'rep-filters' }, await filterChips(query, say)),
    exportButtons(user, `/api/reports${path(kind)}${q ? `?${q}` : ''}`, `${kind}`),
    rows.length ? h('p', { 'data-testid': 'count' }, t('rep.count', { n: rows.length })) : null,
    rows.length ? table(keys.map((k) => ({ label: label(k), cell: (r) => show(say(k, r[k]), user.timezone) })), rows,
      { rowAttrs: () => ({ class: 'record' }) })
      : h('p', { class: 'empty', 'data-testid': 'empty' }, t('rep.empty')));
}
