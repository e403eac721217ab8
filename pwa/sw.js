// The service worker, written by hand. The server fills in VERSION and PRECACHE (every
// shell file with its content hash, see server/pwa.py), so each deploy changes these
// bytes and the browser installs the new version beside the running one.
//
// install   precache the shell into `sanguan-<version>`; wait (no skipWaiting here)
// activate  delete older `sanguan-` caches only (never another app's on this origin)
// fetch     /api/: network only, never cached. Navigations: the cached shell, so the app
//           opens with no network. Other shell files: cache first, then network.
// message   "skip-waiting": the page asked, after the person tapped "reload"
// sync      Background Sync: wake an open page to push. Nothing depends on it.
const VERSION = "__VERSION__";
const PRECACHE = [/* PRECACHE */];
const PREFIX = 'sanguan-';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  // `no-cache`: revalidate with the server (a 304 costs nothing), never a stale copy.
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(PRECACHE.map(([url]) => new Request(url, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('sync', (event) => {
  if (event.tag !== 'sanguan-push') return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((pages) => {
    for (const page of pages) page.postMessage({ type: 'sync' });
  }));
});

async function cacheFirst(request) {
  const hit = await caches.match(request, { cacheName: CACHE });
  return hit ?? fetch(request);
}

async function shellForNavigation(request) {
  const shell = await caches.match('/', { cacheName: CACHE });
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
