// What the routine screens read from the phone's store: the checklists in force, the
// school calendar, whom each checklist is due from for this person, and the ticks.
import { schoolCalendar as calendar } from '../../calendar.js';
import { byEntity, getMany } from '../../db.js';
import { dueOn, tickId } from './rules.js';

// The owners a checklist is due from that this person answers for: her classes (shared
// with the class's other staff), or herself.
export function ownersFor(user, tpl, classNames) {
  if (tpl.assign === 'class') {
    const mine = user.class_ids ?? [];
    return (tpl.class_id ? mine.filter((c) => c === tpl.class_id) : mine)
      .map((c) => ({ id: c, class_id: c, name: classNames.get(c) ?? '' }));
  }
  if (tpl.assign === 'user') return tpl.user_id === user.id ? [{ id: user.id, class_id: null, name: '' }] : [];
  return tpl.role === user.role ? [{ id: user.id, class_id: null, name: '' }] : [];
}

// Today's items for this person: [{ tpl, item, owner, id, tick, refused }], in window order.
// Only today's ticks are read, by their ids: five weeks of a class's ticks stay on disk. A
// tick the server refused (outbox.js settle) is no tick: the item is still to do, and
// `refused` holds it for the screen to mark.
export async function myItems(user, date) {
  const [templates, cal, classes] = await Promise.all([byEntity('routine_template'), calendar(),
    getMany(user.class_ids ?? [])]);
  const classNames = new Map(classes.filter(Boolean).map((c) => [c.id, c.name]));
  const out = [];
  for (const tpl of templates) {
    if (!tpl.active || tpl.since > date) continue;
    for (const owner of ownersFor(user, tpl, classNames)) {
      for (const item of tpl.items) {
        if (!dueOn(item, date, cal)) continue;
        out.push({ tpl, item, owner, id: tickId(user.site_id, tpl.id, item.key, date, owner.id), tick: null });
      }
    }
  }
  const ticks = await getMany(out.map((e) => e.id));
  out.forEach((e, i) => {
    e.tick = ticks[i] && !ticks[i].refused ? ticks[i] : null;
    e.refused = ticks[i]?.refused ? ticks[i] : null;
  });
  out.sort((a, b) => String(a.item.start ?? '').localeCompare(String(b.item.start ?? ''))
    || String(a.item.end ?? '').localeCompare(String(b.item.end ?? '')));
  return { items: out, open: cal, multi: new Set(out.map((x) => x.owner.id)).size > 1 };
}
