// The outbox: every change made on this phone, as a PROTOCOL.md mutation, kept until the
// server has answered for it. A mutation leaves only on `applied` or `duplicate`; a
// `rejected` one moves to the rejected store, with its reason, until a person acts.
import { changed } from './bus.js';
import { db, tx } from './db.js';
import { Clock, parse } from './hlc.js';
import { checkId, newId } from './ids.js';
import { photoRefs } from './photos.js';
import { checkTapped, deviceTime } from './time.js';

// Write `record` (if any) and its mutation in one transaction; resolves once durable.
// `replaces`: a rejected mutation this one fixes, removed in the same transaction.
export async function enqueue(user, name, args, { record = null, replaces = null, device_time = null } = {}) {
  const [m] = await enqueueMany(user, [{ name, args, record, replaces, device_time }]);
  return m;
}

// A local edit laid over the record stored before it. The record keeps, as `pulled`, the
// server's row under the edit: the stored record itself if it was the server's (pulled, or
// sent and answered), the one kept under an earlier edit still waiting or refused, null if
// the server never had it. So a refused edit, once discarded, leaves what the server holds
// (forgetRejected), and an edit made over another edit never reverts to that one. A record
// laid by an app that kept no `pulled` keeps none: what the server holds is not known.
export function layOver(record, stored) {
  const { pending: _p, pulled: _s, refused: _r, ...fields } = record;
  if (!stored) return { ...fields, pulled: null };
  if ('pulled' in stored) return { ...fields, pulled: stored.pulled };
  if (stored.pending) return fields;
  return { ...fields, pulled: plain(stored) };
}

// A record without what this phone lays on it: the server's row, as far as the phone knows.
export function plain(record) {
  const { pending: _p, pulled: _s, refused: _r, ...row } = record;
  return row;
}

// A record as far as the server has it, for what a screen counts: a refused edit did not
// happen, so the server's row under it (`pulled`) counts, with `refused` kept for the screen
// to mark it. A refused record the server never had (or whose row under it is not known)
// stays as laid, marked: a screen leaves it out of what is done (`!r.refused`).
export function asServer(record) {
  if (!record?.refused || !record.pulled) return record;
  return { ...record.pulled, refused: record.refused };
}

// What counts of `records` as done: each as the server holds it; a refused one the server
// never had counts for nothing.
export const counted = (records) => records.filter((r) => !r.refused || r.pulled).map(asServer);

// The server refuses a clock more than an hour ahead of its own (sync/engine.py MAX_AHEAD).
// A stamp kept from a wall clock set ahead (a wrong date, since put right) would hold every
// later change of this phone there, each refused, until real time caught up: so a kept
// clock that far ahead of the server's time (as the last push answer told it) is let go.
const MAX_AHEAD_MS = 60 * 60 * 1000;
const farAhead = (stamp, serverNow) => stamp.ms > serverNow + MAX_AHEAD_MS;

// Many taps at once ("all others normal"): every record and mutation in ONE transaction,
// each with its own, increasing clock; resolves once all of them are durable. An item's
// `id` is its mutation id, for records the server keys by it (medicine handed over); its
// `device_time`, when the work was done earlier than now (a refused change sent again).
//
// A record's `history` (a check's versions) is the server's to keep: a local edit sets the
// record's fields and keeps the versions already pulled, so they stay on show until the
// server's row, with this edit among them, comes back.
export async function enqueueMany(user, items) {
  const t = await tx(['records', 'outbox', 'settings', 'rejected']);
  const settings = t.objectStore('settings');
  const records = t.objectStore('records');
  const [node, last, offset, stored] = await Promise.all([settings.get('device_id'), settings.get('hlc'),
    settings.get('server_offset'), Promise.all(items.map(({ record }) => (record ? records.get(record.id) : null)))]);
  const wall = Date.now();
  const clock = new Clock(node, last && !farAhead(parse(last), wall + (offset ?? 0)) ? parse(last) : null);
  const writes = [];
  const laid = new Map(); // a record laid twice in one call: the second goes over the first
  let hlc = null;
  const made = items.map(({ id = null, name, args, record = null, replaces = null,
    device_time = null }, i) => {
    hlc = clock.now(wall);
    const m = { id: id ?? newId(), name, hlc, device_time: device_time ?? deviceTime(), args,
      user_id: user.id, record_id: record?.id ?? null };
    writes.push(t.objectStore('outbox').put(m));
    if (record) {
      const before = laid.get(record.id) ?? stored[i];
      const history = record.history ? null : before?.history;
      const row = { ...layOver(record, before), ...(history ? { history } : {}), hlc,
        device_time: m.device_time, pending: m.id };
      laid.set(record.id, row);
      writes.push(records.put(row));
    }
    if (replaces) writes.push(t.objectStore('rejected').delete(replaces));
    return m;
  });
  if (hlc) writes.push(settings.put(hlc, 'hlc'));
  await Promise.all([...writes, t.done]);
  if (items.some((item) => item.name === 'check.record')) checkTapped();
  changed('outbox');
  return made;
}

// A child's morning or noon check (check.record) as an outbox item, with its natural-key
// id so that two phones recording the same child offline converge on one record. The
// class is the roster's: a child moved since is refused (not_in_class), not misfiled.
export function checkItem(user, child, { date, session, status, temperature = null,
  symptoms = [], action = null, absence_reason = null, note = null }) {
  const args = { child_id: child.id, class_id: child.class_id, date, session, status };
  if (temperature !== null && status === 'abnormal') args.temperature = temperature;
  const ill = status === 'abnormal' || (status === 'absent' && absence_reason === 'ill');
  if (ill && symptoms.length) args.symptoms = symptoms;
  if (action && status === 'abnormal') args.action = action;
  if (status === 'absent') args.absence_reason = absence_reason ?? 'unknown';
  if (note) args.note = note;
  const record = { id: checkId(user.site_id, child.id, date, session), entity: 'health_check',
    child_id: child.id, class_id: child.class_id, date, session, status,
    temperature: args.temperature ?? null, symptoms: args.symptoms ?? [],
    action: args.action ?? null, absence_reason: args.absence_reason ?? null,
    note: args.note ?? null, recorded_by: user.id };
  return { name: 'check.record', args, record };
}

export async function recordCheck(user, child, fields, { replaces = null } = {}) {
  const [m] = await enqueueMany(user, [{ ...checkItem(user, child, fields), replaces }]);
  return m;
}

// The server's answers to a push: one transaction settles the whole batch.
//
// A mutation that carries its record as this phone made it (`local`, laid over pulled rows
// while it waits) leaves that record in the store when it leaves the outbox. A pull that
// was fetched before the push may have put the server's older row there meanwhile; the
// pull after this push (the same sync run) brings the row with this change in it. Without
// this, the screen shows the older row in between, and a tap then builds on it. A later
// edit of the same record, laid over it since, stays on show.
//
// A refused mutation's record is marked `refused` (its id) in place of `pending` (it waits
// for nothing now): the screens show it as needing attention, not as done or as waiting,
// until it is sent again or discarded.
export async function settle(sent, results) {
  const byId = new Map(sent.map((m) => [m.id, m]));
  const t = await tx(['outbox', 'rejected', 'records']);
  const outbox = t.objectStore('outbox');
  const records = t.objectStore('records');
  const answered = results.map((r) => byId.get(r.id)).filter(Boolean);
  const stored = new Map(await Promise.all(answered.filter((m) => m.record_id)
    .map(async (m) => [m.record_id, await records.get(m.record_id)])));
  const writes = [];
  for (const r of results) {
    const m = byId.get(r.id);
    if (!m) continue;
    const rec = stored.get(m.record_id);
    if (r.status === 'applied' || r.status === 'duplicate') {
      writes.push(outbox.delete(m.id));
      const later = rec && (rec.pending ?? rec.refused ?? m.id) !== m.id; // a later tap's record
      if (m.local && !later) writes.push(records.put(plain(m.local)));
    } else if (r.status === 'rejected') {
      writes.push(t.objectStore('rejected').put({ ...m, code: r.code ?? 'rejected',
        message: r.message ?? '', rejected_at: new Date().toISOString() }));
      writes.push(outbox.delete(m.id));
      if (rec?.pending === m.id) writes.push(records.put(refusedRow(rec, m)));
    }
  }
  await Promise.all([...writes, t.done]);
  changed('outbox');
  return results.filter((r) => r.status === 'rejected').length;
}

// Marks, in transaction `t` (with `records`), the records these refused mutations laid:
// for refusals made on the phone itself (a photo the server would not take).
export async function markRefused(t, mutations) {
  const records = t.objectStore('records');
  const recs = await Promise.all(mutations.map((m) => (m.record_id ? records.get(m.record_id) : null)));
  return mutations.flatMap((m, i) => (recs[i]?.pending === m.id ? [records.put(refusedRow(recs[i], m))] : []));
}

function refusedRow(rec, m) {
  const { pending: _p, ...row } = rec;
  return { ...row, refused: m.id };
}

// Whether `rec` is still the record refused mutation `m` laid (no later edit over it);
// `pending`: refused before records were marked so.
const laidBy = (rec, m) => Boolean(rec) && (rec.refused === m.id || rec.pending === m.id);

// "Send again" as it was (after a fix elsewhere, e.g. the child's class): a new mutation
// id and clock, the same arguments (or `args`: the same without a photo lost for good),
// and the device time of the tap: the record keeps when the work was done, not when it
// was sent again (PROTOCOL.md: device_time is when the person did it). Its record, if
// still the one it laid, shows again as waiting. Only by the person who made it: sent
// under another sign-in, it would be recorded as that person's work (a shared phone's
// next user sees it, not hers to send).
export async function resend(user, rejected, args = rejected.args) {
  if (rejected.user_id !== user.id) throw new NotYours(rejected);
  const rec = rejected.record_id ? await (await db()).get('records', rejected.record_id) : null;
  return enqueue(user, rejected.name, args, { record: laidBy(rec, rejected) ? rec : null,
    replaces: rejected.id, device_time: rejected.device_time });
}

// A refused change someone else made: hers to send again or discard, not this person's.
export class NotYours extends Error {
  constructor(m) {
    super(`mutation ${m.id} was made by another person`);
    this.name = 'NotYours';
  }
}

// Discarded: never to be sent. Its record goes back to what the server holds (`pulled`; gone
// if the server never had it), unless a later edit was laid over it since: that one stays.
// Its photos leave the phone unless another change waiting or refused still uses them.
export async function forgetRejected(ids) {
  const t = await tx(['rejected', 'records', 'outbox', 'blobs']);
  const rejected = t.objectStore('rejected');
  const records = t.objectStore('records');
  const gone = await Promise.all(ids.map((id) => rejected.get(id)));
  const recs = await Promise.all(gone.map((m) => (m?.record_id ? records.get(m.record_id) : null)));
  const writes = ids.map((id) => rejected.delete(id));
  const photos = new Set(gone.flatMap((m) => (m ? photoRefs(m.args, m.name) : [])));
  if (photos.size) {
    const [queued, refused] = await Promise.all([t.objectStore('outbox').getAll(), rejected.getAll()]);
    const used = new Set([...queued, ...refused.filter((m) => !ids.includes(m.id))]
      .flatMap((m) => photoRefs(m.args, m.name)));
    for (const sha256 of photos) if (!used.has(sha256)) writes.push(t.objectStore('blobs').delete(sha256));
  }
  gone.forEach((m, i) => {
    const rec = recs[i];
    if (!m || !laidBy(rec, m)) return;
    if (!('pulled' in rec)) writes.push(records.put(plain(rec))); // laid by an older app
    else if (rec.pulled) writes.push(records.put(rec.pulled));
    else writes.push(records.delete(rec.id));
  });
  await Promise.all([...writes, t.done]);
  changed('outbox');
}
