// The outbox: every change made on this phone, as a PROTOCOL.md mutation, kept until the
// server has answered for it. A mutation leaves only on `applied` or `duplicate`; a
// `rejected` one moves to the rejected store, with its reason, until a person acts.
import { changed } from './bus.js';
import { tx } from './db.js';
import { Clock, parse } from './hlc.js';
import { checkId, newId } from './ids.js';
import { checkTapped, deviceTime } from './time.js';

// Write `record` (if any) and its mutation in one transaction; resolves once durable.
// `replaces`: a rejected mutation this one fixes, removed in the same transaction.
export async function enqueue(user, name, args, { record = null, replaces = null } = {}) {
  const [m] = await enqueueMany(user, [{ name, args, record, replaces }]);
  return m;
}

// Many taps at once ("all others normal"): every record and mutation in ONE transaction,
// each with its own, increasing clock; resolves once all of them are durable. An item's
// `id` is its mutation id, for records the server keys by it (medicine handed over).
//
// A record's `history` (a check's versions) is the server's to keep: a local edit sets the
// record's fields and keeps the versions already pulled, so they stay on show until the
// server's row, with this edit among them, comes back.
export async function enqueueMany(user, items) {
  const t = await tx(['records', 'outbox', 'settings', 'rejected']);
  const settings = t.objectStore('settings');
  const records = t.objectStore('records');
  const [node, last, stored] = await Promise.all([settings.get('device_id'), settings.get('hlc'),
    Promise.all(items.map(({ record }) => (record && !record.history ? records.get(record.id) : null)))]);
  const clock = new Clock(node, last ? parse(last) : null);
  const wall = Date.now();
  const writes = [];
  let hlc = null;
  const made = items.map(({ id = null, name, args, record = null, replaces = null }, i) => {
    hlc = clock.now(wall);
    const m = { id: id ?? newId(), name, hlc, device_time: deviceTime(), args,
      user_id: user.id, record_id: record?.id ?? null };
    writes.push(t.objectStore('outbox').put(m));
    const history = stored[i]?.history;
    if (record) writes.push(records.put({ ...record, ...(history ? { history } : {}), hlc,
      device_time: m.device_time, pending: m.id }));
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
// this, the screen shows the older row in between, and a tap then builds on it.
export async function settle(sent, results) {
  const byId = new Map(sent.map((m) => [m.id, m]));
  const t = await tx(['outbox', 'rejected', 'records']);
  const outbox = t.objectStore('outbox');
  const writes = [];
  for (const r of results) {
    const m = byId.get(r.id);
    if (!m) continue;
    if (r.status === 'applied' || r.status === 'duplicate') {
      writes.push(outbox.delete(m.id));
      if (m.local) {
        const { pending, ...row } = m.local;
        writes.push(t.objectStore('records').put(row));
      }
    } else if (r.status === 'rejected') {
      writes.push(t.objectStore('rejected').put({ ...m, code: r.code ?? 'rejected',
        message: r.message ?? '', rejected_at: new Date().toISOString() }));
      writes.push(outbox.delete(m.id));
    }
  }
  await Promise.all([...writes, t.done]);
  changed('outbox');
  return results.filter((r) => r.status === 'rejected').length;
}

// "Send again" as it was (after a fix elsewhere, e.g. the child's class): a new mutation
// id and clock, the same arguments.
export async function resend(user, rejected) {
  return enqueue(user, rejected.name, rejected.args, { replaces: rejected.id });
}

export async function forgetRejected(ids) {
  const t = await tx(['rejected']);
  await Promise.all([...ids.map((id) => t.store.delete(id)), t.done]);
  changed('outbox');
}
