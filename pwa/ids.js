// Ids. Pages may be served over plain http on the school's LAN (not a secure context),
// where crypto.randomUUID and crypto.subtle are missing; the uuid package needs only
// crypto.getRandomValues, which every browser has everywhere.
import { v5, v7 } from 'uuid';

// The same namespace as sync/ids.py: two phones that record "the same" check offline
// make one record.
export const NAMESPACE = 'b3a1e7d2-5c4f-4a8e-9d6b-1f2e3c4d5a6b';

export function naturalId(siteId, kind, ...key) {
  return v5([siteId, kind, ...key].map(String).join(':'), NAMESPACE);
}

export function checkId(siteId, childId, date, session) {
  return naturalId(siteId, 'health_check', childId, date, session);
}

// A new record's or mutation's id: UUIDv7, which begins with the time it was made, so
// the server's indexes on these ids (the mutation log's, a new record's) grow at their
// end rather than at random places: a push of 500 writes far fewer pages.
export function newId() {
  return v7();
}
