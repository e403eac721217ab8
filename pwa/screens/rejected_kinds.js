// What a refused change was, for the rejected list: every kind of mutation the app sends,
// said in the person's language with what it was about (a child, a room, a zone, a
// visitor, a hazard), and the screen where it can be done again. The names and places
// come from the phone's own records; one it no longer has shows as "?".
import { getMany } from '../db.js';
import { t } from '../i18n.js';

// The records a mutation refers to, by the argument that names them.
const REFS = ['child_id', 'room_id', 'zone_id', 'visitor_id', 'hazard_id', 'equipment_id',
  'medicine_id', 'followup_id', 'class_id', 'letter_id', 'route_id', 'host_id'];

// name → [what it was about, from its arguments and the records they name; the screen to
// do it again]. `r` holds the records by argument (r.child_id is the child), `a` the args.
const KINDS = {
  'check.record': (a, r) => [t('mutation.check.record', { child: nameOf(r.child_id),
    session: t(`session.${a.session}`), status: t(`status.${a.status}`) }), '#/today'],
  'disinfection.record': (a, r) => [t('mut.disinfection', { room: nameOf(r.room_id),
    item: t(`item.${a.item}`), round: a.round, method: t(`method.${a.method}`), amount: a.amount ?? '' }),
  `#/disinfect/${a.room_id}`],
  'medicine.record': (a, r) => [t('mut.medicine', { child: nameOf(r.child_id), medicine: a.medicine }), '#/today'],
  'medicine.give': (a, r) => [t('mut.medicine_give', { medicine: r.medicine_id?.medicine ?? '?' }), '#/today'],
  'followup.close': (a, r) => [t('mut.followup', { diagnosis: a.diagnosis ?? '' }), '#/health'],
  'outbreak.mode': (a, r) => [t(a.on ? 'mut.outbreak_on' : 'mut.outbreak_off',
    { where: a.class_id ? nameOf(r.class_id) : t('mut.whole_school') }), '#/health'],
  'outbreak.report': () => [t('mut.outbreak_report'), '#/health'],
  'routine.tick': (a) => [t('mut.routine', { item: a.item_key }), '#/routines'],
  'drill.plan': (a) => [t('mut.drill_plan', { date: a.date ?? '' }), '#/drills'],
  'drill.record': (a) => [t('mut.drill_record', { date: a.date ?? '' }), `#/drill/${a.id}`],
  'letter.sign': (a, r) => [t('mut.letter', { title: r.letter_id?.title ?? '?' }), `#/letter/${a.letter_id}`],
  'hazard.report': (a, r) => [t('mut.hazard_report', { what: a.what ?? '', where: r.zone_id ? nameOf(r.zone_id) : '' }), '#/hazard-new'],
  'hazard.assign': (a, r) => [t('mut.hazard_assign', { what: hazard(r) }), `#/hazard/${a.hazard_id}`],
  'hazard.fix': (a, r) => [t('mut.hazard_fix', { what: hazard(r) }), `#/hazard/${a.hazard_id}`],
  'hazard.verify': (a, r) => [t(a.accept ? 'mut.hazard_verify' : 'mut.hazard_refuse', { what: hazard(r) }), `#/hazard/${a.hazard_id}`],
  'hazard.reopen': (a, r) => [t('mut.hazard_reopen', { what: hazard(r) }), `#/hazard/${a.hazard_id}`],
  'zone.check': (a, r) => [t('mut.zone_check', { zone: nameOf(r.zone_id), kind: t(`mut.zone_${a.kind}`) }),
    `#/zone-check/${a.zone_id}/${a.kind}`],
  'patrol.start': (a, r) => [t('mut.patrol_start', { route: nameOf(r.route_id) }), '#/patrol'],
  'patrol.scan': (a) => [t('mut.patrol_scan', { code: a.code ?? '' }), '#/patrol'],
  'patrol.end': () => [t('mut.patrol_end'), '#/patrol'],
  'inspection.record': (a, r) => [t('mut.inspection', { equipment: nameOf(r.equipment_id), month: a.month ?? '' }),
    `#/inspection/${a.equipment_id}`],
  'visitor.register': (a) => [t('mut.visitor_register', { name: a.name ?? '?' }), '#/visitor-new'],
  'visitor.decide': (a, r) => [t(a.allow ? 'mut.visitor_allow' : 'mut.visitor_refuse', { name: nameOf(r.visitor_id) }),
    `#/visitor/${a.visitor_id}`],
  'visitor.enter': (a, r) => [t('mut.visitor_enter', { name: nameOf(r.visitor_id) }), `#/visitor/${a.visitor_id}`],
  'visitor.leave': (a, r) => [t('mut.visitor_leave', { name: nameOf(r.visitor_id) }), `#/visitor/${a.visitor_id}`],
  'gate.event': (a) => [t(a.kind === 'close' ? 'mut.gate_close' : 'mut.gate_open'), '#/gate'],
  'pickup.record': (a, r) => [t('mut.pickup', { child: nameOf(r.child_id), adult: a.adult_name ?? '' }),
    `#/pickup-child/${a.child_id}`],
};

const nameOf = (rec) => rec?.name ?? '?';
const hazard = (r) => r.hazard_id?.what ?? '?';

// { what, href } of a refused mutation: href null where the app has no screen for it.
export async function describe(m) {
  const args = m.args && typeof m.args === 'object' ? m.args : {};
  const kind = KINDS[m.name];
  if (!kind) return { what: m.name, href: null };
  const keys = REFS.filter((k) => typeof args[k] === 'string');
  const found = await getMany(keys.map((k) => args[k]));
  const r = Object.fromEntries(keys.map((k, i) => [k, found[i]]));
  // The medicine a dose was of names its child, and a follow-up its child.
  for (const k of ['medicine_id', 'followup_id']) {
    if (r[k]?.child_id && !r.child_id) [r.child_id] = await getMany([r[k].child_id]);
  }
  const [what, href] = kind(args, r);
  const whom = (m.name === 'medicine.give' || m.name === 'followup.close') && r.child_id ? `${nameOf(r.child_id)} · ` : '';
  return { what: whom + what, href };
}

// Mutation names described here: a test holds this list to the names the app sends.
export const DESCRIBED = Object.keys(KINDS);
