// Who is using the phone. A shared phone keeps one account per person who signed in on
// it: signing out or switching person never drops that person's token while their work
// still waits in the outbox, because each mutation is pushed with its maker's token. A
// change the server refused is its maker's to send again or discard, under her own
// sign-in: never another person's (the server records who sent it).
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

// Her account as the server has it now (GET /api/me): the classes the admin gave her
// since she signed in, her role, her name. The roster is her classes': kept from the
// sign-in, a class given to her later stayed off her phone until she signed in again.
export async function refreshUser(userId, token) {
  const user = await api('/api/me', { token });
  await updateAccounts((all) => { if (all[userId]?.token === token) all[userId].user = user; });
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

// This person's changes the server refused, still kept on the phone: hers to deal with,
// nobody else's (a change sent again under another sign-in would be recorded as theirs).
export async function refusedOf(userId) {
  return (await (await db()).getAll('rejected')).filter((m) => m.user_id === userId);
}

export async function signOut() {
  const user = await currentUser();
  if (!user) return;
  if (await waitingOf(user.id)) {
    // Their token stays on the phone, unused but by the sync client, until the last of
    // their work is pushed (see retireIfDone).
    await updateAccounts((all) => { all[user.id].signedOut = true; });
  } else {
    await retire(user.id);
  }
  await setSetting('current', null);
  changed('session');
}

// Nothing of theirs left to push: the token can go, on the server too. Someone whose
// refused changes are still kept stays known by name (no token: nothing is sent for
// her), so the others are told whose they are and that she must sign in here to deal
// with them; signing in gives her a token again, and discarding one (logged on the
// server under her sign-in) needs it.
async function retire(userId) {
  const [token, refused] = await Promise.all([tokenFor(userId), refusedOf(userId)]);
  if (token) api('/api/auth/logout', { method: 'POST', token }).catch(() => {});
  await updateAccounts((all) => {
    if (!all[userId]) return;
    if (refused.length) all[userId] = { user: all[userId].user, token: null, needsSignIn: false, signedOut: true };
    else delete all[userId];
  });
}

// After a push: a person who signed out while work waited is signed out for good now.
export async function retireIfDone(userId) {
  const [all, current] = await Promise.all([accounts(), getSetting('current')]);
  if (!all[userId]?.signedOut || current === userId) return;
  if (!(await waitingOf(userId))) await retire(userId);
}

// Other people's refused changes kept on this phone, by person (the maker's name as this
// phone last knew it; none for a person whose account an older app dropped): only they
// can send them again or discard them, once signed in here.
export async function refusedOfOthers(userId) {
  const [all, rejected] = await Promise.all([accounts(), (await db()).getAll('rejected')]);
  const others = new Map();
  for (const m of rejected) {
    if (m.user_id !== userId) others.set(m.user_id, (others.get(m.user_id) ?? 0) + 1);
  }
  return [...others].map(([id, n]) => ({ ...(all[id]?.user ?? { id, name: null }), refused: n }));
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
