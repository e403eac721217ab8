// The service worker, from the page's side. The app works without one (an in-app browser,
// an old phone): then it is simply not registered. A new version waits until the person
// taps "reload"; queued work is in IndexedDB, so reloading never loses it.
import { h, mount } from './dom.js';
import { t } from './i18n.js';

function offer(worker, el) {
  mount(el, h('div', { class: 'banner update', role: 'status' }, t('update_ready'),
    h('button', { type: 'button', class: 'primary', 'data-testid': 'reload',
      onclick: () => worker.postMessage({ type: 'skip-waiting' }) }, t('reload'))));
}

export async function registerWorker(el) {
  if (!('serviceWorker' in navigator)) return false;
  let reloading = false;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install takes control without a reload; a new version reloads the page.
    if (!hadController || reloading) return;
    reloading = true;
    location.reload();
  });
  try {
    const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const watch = (w) => w?.addEventListener('statechange', () => {
      if (w.state === 'installed' && navigator.serviceWorker.controller) offer(w, el);
    });
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting, el);
    watch(reg.installing);
    reg.addEventListener('updatefound', () => watch(reg.installing));
    // Look for a new version when the app comes back to the foreground.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reg.update().catch(() => {});
    });
    return true;
  } catch {
    return false;
  }
}
