// The service worker, written by hand. The server fills in VERSION, SHELL, AREAS and
// ROLES (every file with its content hash, see server/pwa.py), so each deploy changes
// these bytes and the browser installs the new version beside the running one.
//
// install   precache the shell into `sanguan-<version>`, and the areas of every role an
//           older version kept (so a new version works offline as the old one did);
//           wait (no skipWaiting here)
// activate  delete older `sanguan-` caches only (never another app's on this origin)
// fetch     /api/: network only, never cached. Navigations: the cached shell, so the app
//           opens with no network. Other files: cache first, then network.
// message   "skip-waiting": the page asked, after the person tapped "reload".
//           "keep-role": someone of this role signed in (pwa/offline.js): fetch the
//           files of the role's areas into the same cache; answers on the port given.
// sync      Background Sync: wake an open page to push. Nothing depends on it.
const VERSION = "__VERSION__";
const SHELL = [/* SHELL */];
const AREAS = {/* AREAS */};
const ROLES = {/* ROLES */};
const PREFIX = 'sanguan-';
const CACHE = PREFIX + VERSION;
// Which roles' files this cache holds, kept in the cache itself.
const KEPT = '/sw-kept-roles.json';

// `no-cache`: revalidate with the server (a 304 costs nothing), never a stale copy.
const fresh = (url) => new Request(url, { cache: 'no-cache' });

async function keptRoles(cache) {
  const hit = await cache.match(KEPT);
  return hit ? hit.json() : [];
}

// Fetch what the roles' areas need and the cache lacks; all or nothing, one at a time
// (a second sign-in waits for the first), then note the roles as kept.
let keeping = Promise.resolve();
function keepRoles(roles) {
  const run = async () => {
    const known = roles.filter((role) => Object.hasOwn(ROLES, role));
    const cache = await caches.open(CACHE);
    const urls = new Set(known.flatMap((role) => ROLES[role].flatMap((area) => AREAS[area].map(([url]) => url))));
    const missing = [];
    for (const url of urls) if (!(await cache.match(url))) missing.push(url);
    await cache.addAll(missing.map(fresh));
    const kept = new Set([...(await keptRoles(cache)), ...known]);
    await cache.put(KEPT, new Response(JSON.stringify([...kept]), { headers: { 'Content-Type': 'application/json' } }));
    return [...kept];
  };
  keeping = keeping.then(run, run);
  return keeping;
}

// The roles an older version of the app kept on this phone.
async function olderRoles() {
  const roles = new Set();
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) {
      for (const role of await keptRoles(await caches.open(name))) roles.add(role);
    }
  }
  return [...roles];
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL.map(([url]) => fresh(url)));
    const roles = await olderRoles();
    if (roles.length) await keepRoles(roles);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // A role kept by the old version after this one installed: fetch it now, if we can.
    const roles = await olderRoles();
    if (roles.length) await keepRoles(roles).catch(() => {});
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
  if (event.data?.type === 'keep-role') {
    const port = event.ports[0];
    event.waitUntil(keepRoles([event.data.role]).then(
      (roles) => port?.postMessage({ ok: true, roles, version: VERSION }),
      (e) => port?.postMessage({ ok: false, error: String(e) })));
  }
});

self.addEventListener('sync', (event) => {
  if (event.tag !== 'sanguan-push') return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((pages) => {
    for (const page of pages) page.postMessage({ type: 'sync' });
  }));
});

let opened = null;
async function cacheFirst(request) {
  opened ??= caches.open(CACHE);
  const hit = await (await opened).match(request);
  return hit ?? fetch(request);
}

async function shellForNavigation(request) {
  opened ??= caches.open(CACHE);
  const shell = await (await opened).match('/');
  if (shell) return shell;
  return fetch(request);
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return; // network only
  if (event.request.mode === 'navigate') {
    event.respondWith(shellForNavigation(event.request));
  } else {
    event.respondWith(cacheFirst(event.request));
  }
});
