// The today view built from the phone's own store, in the shape of GET /api/health/today
// (server/api/health.py), for when the server does not answer. A check or a round the server
// refused (outbox.js settle) is not done: it is left out of every count, and listed in
// `refused` (the phone's own, shown whichever source the screen uses).
import { isOpen, schoolCalendar } from '../../calendar.js';
import { followupsOn } from '../../classes.js';
import { byDay, byEntity } from '../../db.js';
import { asServer } from '../../outbox.js';
import { dailyNeeds, disinfectionContext, dueRounds, inOutbreak } from './disinfect_rules.js';
import { rosterOf, SESSIONS, sessionSummary, userNames } from './shared.js';

export async function localSummary(user, date) {
  const [{ classes, kids }, checksOfDay, followups, roundsOfDay, rooms, alerts, names, ctx, calendar] = await Promise.all([
    rosterOf(user), byDay('health_check', date), byEntity('followup'), byDay('disinfection', date),
    byEntity('room'), byEntity('outbreak_alert'), userNames(), disinfectionContext(), schoolCalendar()]);
  const ofDay = checksOfDay.filter((c) => !c.refused);
  const rounds = roundsOfDay.filter((r) => !r.refused);
  // A follow-up's close or an alert's report the server refused did not happen: the row
  // the server holds under it counts (overview.js marks it).
  const open = isOpen(date, calendar);  // nothing is due on a day the school is closed
  const childName = new Map(kids.map((k) => [k.id, k.name]));
  const classIds = new Set(classes.map((c) => c.id));
  const out = classes.map((c) => {
    const mine = kids.filter((k) => k.class_id === c.id);
    return { id: c.id, name: c.name, ...Object.fromEntries(SESSIONS.map((s) =>
      [s, sessionSummary(mine, ofDay.filter((x) => x.session === s))])) };
  });
  const present = ofDay.filter((c) => c.session === 'morning' && c.status !== 'absent' && childName.has(c.child_id)).length;
  const disinfection = [];
  for (const room of rooms.filter((r) => !r.class_id || classIds.has(r.class_id))) {
    const outbreak = inOutbreak(ctx.modes, room);
    for (const item of Object.keys(dailyNeeds(ctx.rules, ctx.needs.get(room.id)))) {
      const done = rounds.filter((r) => r.room_id === room.id && r.item === item);
      const due = open ? dueRounds(ctx, room, item) : 0;
      disinfection.push({ room_id: room.id, room: room.name, item, due, outbreak,
        done: new Set(done.map((r) => r.round)).size, below_minimum: done.filter((r) => r.below_minimum).length });
    }
  }
  return {
    date, names,
    classes: out,
    abnormal: ofDay.filter((c) => childName.has(c.child_id) && (c.status === 'abnormal' || c.absence_reason === 'ill'))
      .map((c) => ({ ...c, child: childName.get(c.child_id) })),
    followups: followupsOn(followups.map(asServer), date, user.timezone).filter((f) => classIds.has(f.class_id))
      .map((f) => ({ ...f, child: childName.get(f.child_id) })),
    attendance: { expected: kids.length, present, rate: kids.length ? Math.round(1000 * present / kids.length) / 10 : null },
    disinfection,
    outbreak_alerts: alerts.map(asServer).filter((a) => a.status === 'open'),
    refused: {
      checks: checksOfDay.filter((c) => c.refused && childName.has(c.child_id)).map((c) => ({ ...c, child: childName.get(c.child_id) })),
      rounds: roundsOfDay.filter((r) => r.refused).map((r) => ({ ...r, room: rooms.find((x) => x.id === r.room_id)?.name ?? '?' })),
    },
  };
}
