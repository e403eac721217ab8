// The sync client (PROTOCOL.md): push the outbox, then pull the changes after the cursor.
//
// When: on app open, right after each save, on `online`, when the page becomes visible,
// every minute while visible (to see other phones' work), and on a backoff timer after a
// failure. Background Sync is registered where the browser has it, but nothing depends
// on it (iOS Safari and WeChat's browser have none).
// One run at a time across tabs (Web Locks; a promise chain where they are missing).
import { api, request } from './api.js';
import { changed } from './bus.js';
import { count, getSetting, outboxInOrder, setSetting } from './db.js';
import { settle } from './outbox.js';
import { uploadPhotos } from './photos.js';
import { applyPage, cursorKey } from './pull.js';
import { currentUser, deviceId, needSignIn, refreshUser, retireIfDone, tokenFor } from './session.js';

export const APP_VERSION = '0.1.0';
const BATCH = 500; // PROTOCOL.md: at most 500 mutations a push
const BASE_MS = 1000;
let failures = 0;
let timer = null;
let queued = null;
let chain = Promise.resolve();
export const status = { running: false, lastError: null };

function pullLimit() {
  try { return Number(localStorage.getItem('sanguan.pullLimit')) || 1000; } catch { return 1000; }
}

function capMs() {
  // Tests shorten the cap; a phone waits at most five minutes between tries.
  try { return Number(localStorage.getItem('sanguan.backoffCapMs')) || 5 * 60 * 1000; } catch { return 5 * 60 * 1000; }
}

function withLock(fn) {
  if (navigator.locks?.request) return navigator.locks.request('sanguan-sync', fn);
  chain = chain.then(fn, fn);
  return chain;
}

// Coalesce: any number of calls while a run waits for the lock make one more run.
export function syncSoon() {
  clearTimeout(timer);
  timer = null;
  queued ??= withLock(async () => {
    queued = null;
    await run();
  });
  return queued;
}

function backoff(err) {
  failures += 1;
  const ceiling = Math.min(capMs(), BASE_MS * 2 ** failures);
  const delay = Math.max(ceiling / 2 + Math.random() * ceiling / 2, (err?.retryAfter ?? 0) * 1000);
  clearTimeout(timer);
  timer = setTimeout(syncSoon, delay);
}

async function run() {
  status.running = true;
  changed('sync', { local: true });
  try {
    const pushed = await push();
    const pulled = await pull();
    failures = 0;
    status.lastError = null;
    // "Last sync" means the server answered: not a run with nobody signed in.
    if (pushed || pulled) await setSetting('last_sync', new Date().toISOString());
  } catch (err) {
    status.lastError = err?.code ?? String(err);
    if (err?.transient !== false) backoff(err);
  } finally {
    status.running = false;
    changed('sync');
  }
}

// Whether the server answered at least one push.
async function push() {
  let answered = false;
  const clientId = await deviceId();
  const waiting = await outboxInOrder();
  const byUser = new Map();
  for (const m of waiting) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), m]);
  for (const [userId, mutations] of byUser) {
    const token = await tokenFor(userId);
    if (!token) continue; // waits until that person signs in again
    let ready; // the photos they refer to go first (photos.js)
    try {
      ready = await uploadPhotos(token, mutations);
    } catch (err) {
      if (err.status === 401) { await needSignIn(userId); continue; }
      throw err;
    }
    for (let i = 0; i < ready.length; i += BATCH) {
      const sent = ready.slice(i, i + BATCH);
      // What stays queued here besides this batch (other people's work, photos not yet
      // up), for the admin's view of the phones.
      const outbox = Math.max(0, (await count('outbox')) - sent.length);
      let reply;
      try {
        reply = await api('/api/sync/push', { method: 'POST', token, body: {
          client_id: clientId, schema: 1, app_version: APP_VERSION,
          sent_at: new Date().toISOString(), outbox,
          mutations: sent.map(({ id, name, hlc, device_time, args }) => ({ id, name, hlc, device_time, args })),
        } });
      } catch (err) {
        if (err.status === 401) { await needSignIn(userId); break; }
        throw err;
      }
      answered = true;
      // How far the phone's clock is from the server's (outbox.js lets a clock kept far
      // ahead of it go; the status strip says when the phone's time is off).
      const offset = Date.parse(reply.server_time) - Date.now();
      if (Number.isFinite(offset)) await setSetting('server_offset', offset);
      await settle(sent, reply.results);
    }
    await retireIfDone(userId);
  }
  return answered;
}

// Whether the server answered (false: nobody is signed in).
// The next page is asked for as soon as a page's headers say where it starts (Sync-Cursor,
// Sync-Has-More): the server makes it and the Wi-Fi carries it while this page is parsed
// and stored. One page ahead at most; pages are stored strictly in order, each with its
// cursor, so what a cut-off sync stored is still a prefix of the feed.
async function pull() {
  const user = await currentUser();
  const token = user && await tokenFor(user.id);
  if (!token) return false;
  const ask = async (cursor) => {
    const outbox = await count('outbox'); // still queued after the push: reported too
    return request(`/api/sync/pull?cursor=${cursor}&limit=${pullLimit()}&outbox=${outbox}`, { token });
  };
  let next = ask(await getSetting(cursorKey(user.id), 0));
  let ahead = null;
  try {
    for (let pages = 0, resets = 0; pages < 1000; pages += 1) {
      const asked = await next;
      const headers = await asked.headers;
      const said = Date.parse(headers?.get('Date') ?? '');  // to the second: plenty here
      if (Number.isFinite(said)) await setSetting('server_offset', said - Date.now());
      const at = headers?.get('Sync-Cursor');
      ahead = headers?.get('Sync-Has-More') === '1' && at !== null ? ask(Number(at)) : null;
      let page;
      try {
        page = await asked.body;
      } catch (err) {
        if (err.status === 401) return needSignIn(user.id).then(() => false);
        throw err;
      }
      if (page.reset) {
        // The server cannot serve this cursor (purged, or the scope changed): start over,
        // as the person she is now (a class given or taken away changes the scope).
        if (++resets > 2) throw new Error('pull keeps resetting');
        await refreshUser(user.id, token);
        next = ask(0);
        continue;
      }
      await applyPage(user.id, page);
      changed('pull');
      if (!page.has_more) return true;
      if (ahead && Number(at) === page.cursor) {
        next = ahead;
      } else { // a server that said another cursor in its headers: its body is right
        ahead?.then((r) => r.body).catch(() => {});
        next = ask(page.cursor);
      }
      ahead = null;
    }
    return true;
  } finally {
    // A page asked for ahead and not used (an error, a reset): nobody waits for it.
    ahead?.then((r) => r.body).catch(() => {});
  }
}

export function start() {
  addEventListener('online', syncSoon);
  addEventListener('offline', () => changed('network', { local: true }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') syncSoon();
  });
  navigator.serviceWorker?.addEventListener('message', (e) => {
    if (e.data?.type === 'sync') syncSoon();
  });
  setInterval(() => { if (document.visibilityState === 'visible' && !timer) syncSoon(); }, 60000);
  syncSoon();
}

// After a save: push now, and ask for a Background Sync as a second chance.
export function afterSave() {
  syncSoon();
  if ('SyncManager' in self) {
    navigator.serviceWorker?.ready.then((r) => r.sync.register('sanguan-push')).catch(() => {});
  }
}
