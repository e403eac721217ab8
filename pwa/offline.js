// Keeping a role's screens for offline use. The worker precaches only the shell; once
// someone has signed in (and on each start while someone is signed in), when the phone
// is idle, the worker fetches the files of that person's role's areas into its cache
// (the lists come from the server, in sw.js). A shared phone keeps every role signed in
// on it. <html data-offline-roles="caregiver guard"> says which roles are kept.
const asked = new Set();

const idle = (fn) => (self.requestIdleCallback
  ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 500));

// A fetch that failed (the Wi-Fi went mid-way) is tried again as soon as the phone is back
// online, and each minute meanwhile: not only at the next start or sign-in, for a phone
// left open all day must still open its roll-call with no network.
function retry(role) {
  asked.delete(role);
  let timer = null;
  const again = () => {
    clearTimeout(timer);
    removeEventListener('online', again);
    keepOffline(role);
  };
  timer = setTimeout(again, 60_000);
  addEventListener('online', again);
}

export function keepOffline(role) {
  if (!role || !('serviceWorker' in navigator) || asked.has(role)) return;
  asked.add(role);
  idle(async () => {
    const reg = await navigator.serviceWorker.ready;
    const channel = new MessageChannel();
    channel.port1.onmessage = ({ data }) => {
      channel.port1.close();
      if (data.ok) document.documentElement.dataset.offlineRoles = data.roles.join(' ');
      else retry(role);
    };
    reg.active.postMessage({ type: 'keep-role', role }, [channel.port2]);
  });
}
