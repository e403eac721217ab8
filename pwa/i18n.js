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

export function reason(code, message) {
  const key = `err.${code}`;
  if (!CATALOGS[locale][key] && !messages[locale][key]) return message || t('err.rejected');
  // Which field was wrong is worth showing even in English ("temperature: must be ...").
  if (code !== 'validation_failed' || !message) return t(key);
  return locale === 'en' ? `${t(key)} (${message})` : `${t(key)}（${message}）`;
}
