// Applying a page of pulled changes: the records and the cursor move in ONE transaction,
// so a first sync cut off halfway resumes where it stopped, never skipping a page.
import { tx } from './db.js';
import { Clock, parse } from './hlc.js';

// Each person's cursor: what one may see differs by role and class.
export const cursorKey = (userId) => `cursor:${userId}`;

// A local edit not yet merged by the server keeps showing until its own push comes back
// in a later pull: its clock is newer than the pulled row's, or (records the server keeps
// no clock on, e.g. a medicine's doses) its mutation is still in the outbox. Without the
// second, a pull fetched before a dose was pushed put the row without it back on screen,
// and the dose looked unrecorded: tapped again, it would be recorded twice.
async function keepLocal(local, incoming, outbox) {
  if (!local) return false;
  if (local.hlc && incoming.hlc !== undefined && local.hlc > (incoming.hlc ?? '')) return true;
  return Boolean(local.pending) && (await outbox.count(local.pending)) > 0;
}

export async function applyPage(userId, page) {
  const t = await tx(['records', 'settings', 'outbox']);
  const records = t.objectStore('records');
  const settings = t.objectStore('settings');
  const outbox = t.objectStore('outbox');
  let newest = null;
  // Every record the page touches is read at once, not one read awaited after another (a
  // first sync's page is a thousand new records): a page holds each record once, so the
  // reads see the store as it was before the page either way.
  const locals = await Promise.all(page.changes.map((c) => (c.op === 'delete' ? null : records.get(c.id))));
  for (const [i, c] of page.changes.entries()) {
    if (c.op === 'delete') {
      records.delete(c.id);
      continue;
    }
    const local = locals[i];
    if (await keepLocal(local, c.data, outbox)) {
      // Its versions (a check's history) are the server's: news even while the edit shows.
      // So is the row under the edit: what the record returns to if the edit is refused
      // and discarded (outbox.js forgetRejected).
      const edited = local.pending || local.refused;
      if (edited || c.data.history) {
        records.put({ ...local, ...(edited ? { pulled: { ...c.data, id: c.id, entity: c.entity } } : {}),
          ...(c.data.history ? { history: c.data.history } : {}) });
      }
      continue;
    }
    records.put({ ...c.data, id: c.id, entity: c.entity });
    if (c.data.hlc && (!newest || c.data.hlc > newest)) newest = c.data.hlc;
  }
  if (newest) {
    // Seeing another phone's later clock moves ours past it (the HLC receive rule), so
    // the next edit here wins over what was just seen.
    const [node, last] = await Promise.all([settings.get('device_id'), settings.get('hlc')]);
    const clock = new Clock(node, last ? parse(last) : null);
    settings.put(clock.receive(parse(newest), Date.now()), 'hlc');
  }
  await Promise.all([settings.put(page.cursor, cursorKey(userId)), t.done]);
}
