// Who is using the phone. A shared phone keeps one account per person who signed in on
// it: signing out or switching person never drops that person's token while their work
// still waits in the outbox, because each mutation is pushed with its maker's token.
import { api } from './api.js';
import { changed } from './bus.js';
import { db, getSetting, setSetting } from './db.js';
import { newId } from './ids.js';

// One id per installed app: the `client_id` of every push and the `device_id` of every
// sign-in. The server refuses a push whose token was issued to another device.
export async function deviceId() {
  const t = (await db()).transaction('settings', 'readwrite');
  let id = await t.store.get('device_id');
  if (!id) {
    id = newId();
    await t.store.put(id, 'device_id');
  }
  await t.done;
  return id;
}

export async function accounts() {
  return getSetting('accounts', {});
}

async function updateAccounts(fn) {
  const t = (await db()).transaction('settings', 'readwrite');
  const all = (await t.store.get('accounts')) ?? {};
  fn(all);
  await Promise.all([t.store.put(all, 'accounts'), t.done]);
  changed('session');
  return all;
}

export async function currentUser() {
  const [id, all] = await Promise.all([getSetting('current'), accounts()]);
  const account = id && all[id];
  return account?.token ? account.user : null;
}

export async function tokenFor(userId) {
  return (await accounts())[userId]?.token ?? null;
}

export async function signIn(site, username, password) {
  const device_id = await deviceId();
  const { token, user } = await api('/api/auth/login', { method: 'POST',
    body: { site, username, password, device_id } });
  await updateAccounts((all) => { all[user.id] = { token, user, needsSignIn: false, signedOut: false }; });
  await setSetting('current', user.id);
  await setSetting('last_site', site);
  changed('session');
  return user;
}

// The server answered 401 for this person's token (revoked or expired): keep their work,
// forget the token, and ask them to sign in again.
export async function needSignIn(userId) {
  await updateAccounts((all) => {
    if (all[userId]) Object.assign(all[userId], { token: null, needsSignIn: true });
  });
}

// How many of this person's changes wait in the outbox.
export async function waitingOf(userId) {
  return (await (await db()).getAll('outbox')).filter((m) => m.user_id === userId).length;
}

export async function signOut() {
  const user = await currentUser();
  if (!user) return;
  const waiting = (await waitingOf(user.id)) > 0;
  if (waiting) {
    // Their token stays on the phone, unused but by the sync client, until the last of
    // their work is pushed (see retireIfDone).
    await updateAccounts((all) => { all[user.id].signedOut = true; });
  } else {
    await retire(user.id);
  }
  await setSetting('current', null);
  changed('session');
}

// Nothing of theirs left to push: the token can go, on the server too.
async function retire(userId) {
  const token = await tokenFor(userId);
  if (token) api('/api/auth/logout', { method: 'POST', token }).catch(() => {});
  await updateAccounts((all) => { delete all[userId]; });
}

// After a push: a person who signed out while work waited is signed out for good now.
export async function retireIfDone(userId) {
  const [all, current] = await Promise.all([accounts(), getSetting('current')]);
  if (!all[userId]?.signedOut || current === userId) return;
  const waiting = (await (await db()).getAll('outbox')).some((m) => m.user_id === userId);
  const rejected = (await (await db()).getAll('rejected')).some((m) => m.user_id === userId);
  if (!waiting && !rejected) await retire(userId);
}

// People whose queued work cannot be pushed until they sign in again.
export async function waitingForSignIn() {
  const [all, outbox] = await Promise.all([accounts(), (await db()).getAll('outbox')]);
  const waiting = new Map();
  for (const m of outbox) {
    if (!all[m.user_id]?.token) waiting.set(m.user_id, (waiting.get(m.user_id) ?? 0) + 1);
  }
  return [...waiting].map(([id, n]) => ({ ...(all[id]?.user ?? { id, name: id }), waiting: n }));
}
