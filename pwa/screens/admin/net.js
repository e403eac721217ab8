// The admin screens talk to the server directly (online only): JSON through api.js, and
// the roster upload as multipart, which api.js does not send. Every failure is an ApiError
// with a stable code, status 0 when no answer came back (offline).
import { ApiError, api } from '../../api.js';
import { getLocale, t } from '../../i18n.js';
import { tokenFor } from '../../session.js';
import { localeTime } from '../../time.js';

export async function adminApi(user, path, { method = 'GET', body } = {}) {
  return api(`/api/admin${path}`, { method, body, token: await tokenFor(user.id) });
}

async function send(user, url, init) {
  const headers = { Authorization: `Bearer ${await tokenFor(user.id)}`, ...(init.headers ?? {}) };
  let resp;
  try {
    resp = await fetch(url, { cache: 'no-store', ...init, headers });
  } catch (e) {
    throw new ApiError(0, 'network', String(e?.message ?? e));
  }
  if (resp.ok) return resp;
  let err = {};
  try {
    err = (await resp.json()).error ?? {};
  } catch {
    // not our JSON error body (a proxy's page): the status says enough
  }
  throw new ApiError(resp.status, err.code ?? `http_${resp.status}`, err.message ?? resp.statusText);
}

// A roster file: the preview (nothing written), or with commit the import itself. The
// browser sets the multipart boundary itself, so no Content-Type here.
export async function uploadRoster(user, kind, file, commit = false) {
  const form = new FormData();
  form.append('file', file, file.name);
  const resp = await send(user, `/api/admin/import/${kind}${commit ? '?commit=1' : ''}`,
    { method: 'POST', body: form, headers: { Accept: 'application/json' } });
  return resp.json();
}

export function downloadTemplate(user, kind) {
  return download(user, `/api/admin/import/${kind}/template.xlsx`, `${kind}-template.xlsx`);
}

// Files (templates, exports) are behind the bearer token, so a plain link cannot fetch
// them: fetch, then hand the browser the bytes as a download.
export async function download(user, url, filename) {
  const blob = await (await send(user, url, {})).blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// What went wrong, in the person's language, with the server's own reason beside it
// (it names the field, the class still in use, ...).
export function problem(err) {
  if (err?.status === 0) return t('admin.offline');
  const key = `err.${err?.code}`;
  const known = t(key) !== key ? t(key) : null;
  const message = err?.message ?? String(err);
  if (!known) return message;
  if (!err.message || known === err.message) return known;
  return getLocale() === 'en' ? `${known} (${message})` : `${known}（${message}）`;
}

// A stored time as people read it, on the school's clock (timeZone: the school's).
export function when(iso, timeZone) {
  if (!iso) return '—';
  if (Number.isNaN(new Date(iso).getTime())) return iso;
  return localeTime(iso, getLocale(), timeZone, { year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit' });
}
