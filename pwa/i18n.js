// Messages in the person's language: zh-CN by default, English on request. Reasons for a
// rejected change come as stable codes from the server and are translated here; a code
// the app does not know shows the server's English message.
import en from './locales/en.js';
import zh from './locales/zh-CN.js';
import { messages } from './areas.js';
import { changed } from './bus.js';
import { getSetting, setSetting } from './db.js';

const CATALOGS = { 'zh-CN': zh, en };
let locale = 'zh-CN';

export const getLocale = () => locale;

export async function loadLocale() {
  setLocaleNow(await getSetting('locale', 'zh-CN'));
}

function setLocaleNow(value) {
  locale = CATALOGS[value] ? value : 'zh-CN';
  document.documentElement.lang = locale;
}

export async function toggleLocale() {
  setLocaleNow(locale === 'zh-CN' ? 'en' : 'zh-CN');
  await setSetting('locale', locale);
  changed('locale');
}

export function t(key, params = {}) {
  const text = CATALOGS[locale][key] ?? messages[locale][key] ?? zh[key]
    ?? messages['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? `{${k}}`));
}

// Why the server refused, in the person's language. A refusal of the values
// (validation_failed, message "field: what marshmallow says") names the field in the words
// of the screens (`field.<name>`) and, where it is a range, the range; what the server said
// is `reasonDetail`, shown beside it. A code the app does not know shows the server's text.
export function reason(code, message) {
  const key = `err.${code}`;
  if (!known(key)) return message || t('err.rejected');
  if (code !== 'validation_failed' || !message) return t(key);
  const [, field, said] = /^([\w.]+): (.*)$/.exec(message) ?? [];
  const name = field && known(`field.${field.split('.')[0]}`) ? t(`field.${field.split('.')[0]}`) : null;
  if (!name) return t(key);
  const range = said && rangeOf(said);
  return range ? t('err.field_range', { field: name, range }) : t('err.field', { field: name });
}

// The server's own words, kept as the detail of a reason it was translated from.
export function reasonDetail(code, message) {
  return known(`err.${code}`) && message ? message : '';
}

const known = (key) => Boolean(CATALOGS[locale][key] ?? messages[locale][key] ?? zh[key]);

// marshmallow's Range: "Must be greater than 0 and less than or equal to 100000."
function rangeOf(said) {
  const m = /^Must be (?:(greater than(?: or equal to)?) (-?[\d.]+))?(?: and )?(?:(less than(?: or equal to)?) (-?[\d.]+))?\.$/.exec(said);
  if (!m || (!m[1] && !m[3])) return null;
  const part = (how, n) => t(`range.${how.replace(/ /g, '_')}`, { n });
  return [m[1] && part(m[1], m[2]), m[3] && part(m[3], m[4])].filter(Boolean).join(t('range.and'));
}
