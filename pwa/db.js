// The phone's store. The only module that imports idb.
//
// records   pulled and locally made records, keyed by id, with `entity` ("child", ...)
//           indexed by `entity`, and by `day` ([entity, date]) for one day of a dated entity
// outbox    mutations not yet answered by the server, keyed by mutation id; each keeps
//           the user who made it, so it is pushed later with that person's token
// rejected  mutations the server refused, kept with the reason until a person acts
// settings  small values by key: device id, accounts (tokens), clock, cursors, locale
// blobs     photos taken here, by SHA-256, kept until the server has them (photos.js)
//
// Invariant: a tap writes its record and its outbox entry in ONE transaction, and the UI
// shows it done only after that transaction is durable. Never await anything but
// IndexedDB inside a transaction: it auto-commits at the first idle turn.
import { openDB } from 'idb';

export const DB_NAME = 'sanguan';
export const DB_VERSION = 3;
let dbPromise = null;

// Each step takes the store from the version before it to its own, so a phone that skipped
// versions (or has none) runs every step it missed, in order; nothing a step keeps is
// touched (records, outbox, rejected, settings and blobs stay as they were).
function upgrade(d, oldVersion, newVersion, t) {
  if (oldVersion < 1) {
    const records = d.createObjectStore('records', { keyPath: 'id' });
    records.createIndex('entity', 'entity');
    const outbox = d.createObjectStore('outbox', { keyPath: 'id' });
    outbox.createIndex('hlc', 'hlc');
    d.createObjectStore('rejected', { keyPath: 'id' });
    d.createObjectStore('settings');
  }
  // 2: photos taken on the phone, by SHA-256, until the server has them (photos.js).
  if (oldVersion < 2 && !d.objectStoreNames.contains('blobs')) d.createObjectStore('blobs', { keyPath: 'sha256' });
  // 3: one entity's records of one day (byDay): a screen of today reads today's checks, not
  // the pull window's five weeks of them. The browser indexes the records already there;
  // a record without a `date` (a child, a zone) is simply not in this index.
  if (oldVersion < 3) t.objectStore('records').createIndex('day', ['entity', 'date']);
}

export function db() {
  dbPromise ??= openDB(DB_NAME, DB_VERSION, {
    upgrade,
    blocking() {
      // A newer version of the app wants to upgrade the store: let it.
      dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
  return dbPromise;
}

export async function getSetting(key, fallback = undefined) {
  const value = await (await db()).get('settings', key);
  return value === undefined ? fallback : value;
}

export async function setSetting(key, value) {
  return (await db()).put('settings', value, key);
}

export async function byEntity(entity) {
  return (await db()).getAllFromIndex('records', 'entity', entity);
}

// One entity's records of one school day (`date` as the records hold it, YYYY-MM-DD), those
// made on this phone and still queued included: they are in `records` as soon as tapped.
export async function byDay(entity, date) {
  return (await db()).getAllFromIndex('records', 'day', [entity, date]);
}

// Records by id, in one read transaction (undefined where there is none): what a screen
// needs of a large entity, without reading all of it.
export async function getMany(ids) {
  const t = (await db()).transaction('records');
  return Promise.all(ids.map((id) => t.store.get(id)));
}

export async function count(store) {
  return (await db()).count(store);
}

export async function all(store) {
  return (await db()).getAll(store);
}

// Outbox in clock order: each device's hlc only grows, so this is the order of the taps.
export async function outboxInOrder() {
  return (await db()).getAllFromIndex('outbox', 'hlc');
}

export async function tx(stores, mode = 'readwrite') {
  return (await db()).transaction(stores, mode);
}

// Ask the browser not to evict the outbox under storage pressure. Answers whether it
// will (true), will not (false) or cannot say (null: no Storage API here).
export async function persist() {
  if (!navigator.storage?.persist) return null;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
