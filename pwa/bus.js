// "Something changed": the status bar and screens re-read the store when told. Other tabs
// of the app hear it too (BroadcastChannel), so a push in one tab updates every count.

export const bus = new EventTarget();
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('sanguan') : null;

export function changed(what = 'data', { local = false } = {}) {
  bus.dispatchEvent(new CustomEvent('change', { detail: what }));
  if (!local) channel?.postMessage(what);
}

channel?.addEventListener('message', (e) => {
  bus.dispatchEvent(new CustomEvent('change', { detail: e.data }));
});

export function on(fn) {
  bus.addEventListener('change', (e) => fn(e.detail));
}
