// The reports talk to the server directly (online only, like the admin screens), and
// every list on them can be taken away as a file with the same filters.
import { api } from '../../api.js';
import { h } from '../../dom.js';
import { getLocale, t } from '../../i18n.js';
import { tokenFor } from '../../session.js';
import { localeTime } from '../../time.js';
import { download, problem } from '../admin/net.js';

export async function reportsApi(user, path) {
  return api(`/api/reports${path}`, { token: await tokenFor(user.id) });
}

// CSV and Excel buttons for a list endpoint: the same address with ?format=.
export function exportButtons(user, url, name) {
  const error = h('p', { class: 'error', role: 'alert' });
  const button = (fmt, label) => h('button', { type: 'button', class: 'secondary', 'data-format': fmt, onclick: async () => {
    error.textContent = '';
    try {
      await download(user, `${url}${url.includes('?') ? '&' : '?'}format=${fmt}`, `${name}.${fmt}`);
    } catch (err) {
      error.textContent = problem(err);
    }
  } }, label);
  return h('div', { class: 'rep-export' }, button('csv', t('rep.csv')), button('xlsx', t('rep.xlsx')), error);
}

// A value as people read it: lists joined, flags yes/no, times in the person's locale
// on the school's clock (timeZone: the school's).
export function show(v, timeZone) {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.map((x) => show(x, timeZone)).join(t('list_sep'));
  if (typeof v === 'boolean') return v ? t('admin.yes') : t('admin.no');
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) {
    return localeTime(v, getLocale(), timeZone, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  }
  return String(v);
}

export const pct = (v) => (v === null || v === undefined ? '—' : `${v}%`);
export const back = () => ['#/reports', t('rep.back')];
