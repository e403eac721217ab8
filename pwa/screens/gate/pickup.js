// 幼儿接送: a class's pick-up screen (who has gone home, who remains) and the classes to
// choose from. The guard sees every class; a caregiver her own.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { schoolTime } from '../../time.js';
import { closedNotice, isOpen, schoolCalendar } from '../../calendar.js';
import { counted } from '../../outbox.js';
import { byClass } from '../../classes.js';
import { byPerson, load, rejectedHere, rejectedNote, statusToday, todayOf } from './data.js';

export function visibleClasses(user, classes) {
  const mine = user.role === 'caregiver' ? new Set(user.class_ids) : null;
  return classes.filter((c) => c.active !== false && (!mine || mine.has(c.id))).sort(byClass);
}

// Absent at today's latest check is not "remaining" (only where the role sees checks).
export function absentToday(checks, date) {
  return new Set([...statusToday(checks, date)].filter(([, status]) => status === 'absent')
    .map(([child]) => child));
}

export async function pickupScreen(user, parts) {
  const date = todayOf(user);
  const [{ class: classes, child: children, pickup: pickups, health_check: checks }, calendar] =
    await Promise.all([load('class', 'child', ['pickup', date], ['health_check', date]), schoolCalendar()]);
  // A closed day: nobody waits at the gate, but a child who came in is still handed over.
  const notice = isOpen(date, calendar) ? null : closedNotice('gate.pickup_closed');
  const shown = visibleClasses(user, classes);
  const cls = shown.find((c) => c.id === parts[0]) ?? (shown.length === 1 ? shown[0] : null);
  // A pick-up or a check the server refused did not happen (outbox.js counted): the child
  // still waits, her row marked with the refusal (rejectedNote).
  const gone = new Map(counted(pickups).map((p) => [p.child_id, p]));
  const absent = absentToday(counted(checks), date);
  // A class's children: those still to be picked up, and those gone home.
  const split = (c) => {
    const kids = children.filter((k) => k.active !== false && k.class_id === c.id).sort(byPerson);
    return { kids, remaining: kids.filter((k) => !gone.has(k.id) && !absent.has(k.id)),
      left: kids.filter((k) => gone.has(k.id)) };
  };
  if (!cls) {
    // Each class with its counts: at going-home time the guard sees where children wait.
    return h('div', { class: 'pickup-classes' }, h('h1', {}, t('gate.pickup')), notice,
      h('ul', { class: 'plain' }, shown.map((c) => {
        const { remaining, left } = split(c);
        return h('li', {}, h('a', { class: 'button secondary wide', href: `#/pickup/${c.id}`,
          'data-remaining': String(remaining.length), 'data-gone': String(left.length) }, c.name,
        h('small', {}, t('gate.pickup_counts', { remaining: remaining.length, gone: left.length }))));
      })));
  }
  const refused = await rejectedHere();
  const { kids, remaining, left } = split(cls);
  return h('div', { class: 'pickup', 'data-class': cls.id },
    h('h1', {}, t('gate.pickup_of', { class: cls.name }), ' ', h('small', {}, date)), notice,
    h('p', { class: 'counts', 'data-testid': 'pickup-counts', 'data-remaining': String(remaining.length),
      'data-gone': String(left.length) }, t('gate.pickup_counts', { remaining: remaining.length, gone: left.length })),
    h('h2', {}, t('gate.remaining', { n: remaining.length })),
    h('ul', { class: 'children', id: 'remaining' }, remaining.map((k) => h('li', { class: 'child', 'data-child': k.id },
      h('span', { class: 'name' }, k.name),
      h('a', { class: 'button primary', href: `#/pickup-child/${k.id}`, 'aria-label': t('gate.pick_up', { child: k.name }) },
        t('gate.pick_up_short')), rejectedNote(refused.get(`pickup:${k.id}:${date}`))))),
    h('h2', {}, t('gate.gone_home', { n: left.length })),
    h('ul', { class: 'children', id: 'gone' }, left.map((k) => {
      const p = gone.get(k.id);
      return h('li', { class: 'child gone', 'data-child': k.id },
        h('span', { class: 'name' }, k.name, h('small', {}, t('gate.picked_by', {
          adult: p.adult_name, relation: p.relation, at: schoolTime(p.device_time, user.timezone) }),
        p.card === false ? ` · ${t('gate.no_card')}` : '', p.listed === false ? ` · ${t('gate.unlisted')}` : '',
        p.blocked ? h('strong', { class: 'gate-late' }, ` · ${t('gate.blocked_pick')}`) : null)),
        rejectedNote(refused.get(`pickup:${k.id}:${date}`)));
    })),
    absent.size ? h('p', { class: 'empty' }, t('gate.absent_n', { n: kids.filter((k) => absent.has(k.id)).length })) : null);
}
