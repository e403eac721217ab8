// Emergency roll-call (应急点名): one screen on any staff phone, drawn from the local store
// only, so it works with no network at all. Three groups with counts: children present
// today, staff, visitors on site; tap each person as accounted for; the missing first.
//
// "Present today" is honest about what the phone can know:
// - a role that sees health checks (admin, health, caregiver): children checked in at the
//   day's checks (the latest session's answer: a child absent in the morning and checked at
//   noon is here; one sent home at noon is not), minus those picked up;
// - the guard, who never gets health data: every child of an active class, minus those
//   picked up. The screen says so: absences are not known on this phone.
// Staff: every active member of staff (the app keeps no attendance of staff).
// "Accounted for" is this phone's own state (settings, per day), never sent anywhere.
import { getSetting, setSetting } from '../../db.js';
import { $, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { counted } from '../../outbox.js';
import { byPerson, load, onSite, statusToday, todayOf } from './data.js';

// `pickup` and `health_check` hold the day's records only (load's [entity, date] pairs).
// What the server refused did not happen (outbox.js counted): a refused pick-up leaves the
// child here, a refused check is no check, a refused entry no visitor on site.
export function rollcall(user, { child, class: classes, pickup: pickups, health_check: allChecks, user: users, visitor: visitors }, date) {
  const [pickup, checks, visitor] = [counted(pickups), counted(allChecks), counted(visitors)];
  const active = new Set(classes.filter((c) => c.active !== false).map((c) => c.id));
  const gone = new Set(pickup.map((p) => p.child_id));
  const seesChecks = user.role !== 'guard';
  const checked = statusToday(checks, date);
  const kids = child.filter((c) => c.active !== false && active.has(c.class_id) && !gone.has(c.id)
    && (seesChecks ? checked.has(c.id) && checked.get(c.id) !== 'absent' : true));
  const unchecked = seesChecks ? child.filter((c) => c.active !== false && active.has(c.class_id)
    && !gone.has(c.id) && !checked.has(c.id)).length : null;
  const className = new Map(classes.map((c) => [c.id, c.name]));
  return {
    seesChecks, unchecked,
    groups: [
      { key: 'children', people: kids.map((c) => ({ id: c.id, name: c.name, note: className.get(c.class_id) })) },
      { key: 'staff', people: users.filter((u) => u.active !== false).map((u) => ({ id: u.id, name: u.name, note: t(`gate.role_${u.role}`) })) },
      { key: 'visitors', people: onSite(visitor).map((v) => ({ id: v.id, name: v.name, note: v.people > 1 ? `×${v.people}` : '' })) },
    ],
  };
}

function counts(section, done) {
  const ids = [...section.querySelectorAll('li[data-person]')].map((li) => li.dataset.person);
  const n = ids.filter((id) => done.has(id)).length;
  section.querySelector('.count').textContent = t('gate.rc_count', { done: n, total: ids.length, missing: ids.length - n });
  section.dataset.missing = String(ids.length - n);
}

// One row per person, cloned from a prototype: hundreds of rows are drawn in one go, and
// building each element attribute by attribute (h()) was most of the screen's time.
function rows(people, done) {
  const proto = h('li', {}, h('span', { class: 'name' }),
    h('button', { type: 'button', class: 'secondary mark-ok' }, t('gate.rc_ok')));
  const [before, after] = t('gate.rc_mark', { name: '\u0000' }).split('\u0000');
  const list = document.createDocumentFragment();
  for (const p of people) {
    const li = proto.cloneNode(true);
    const ok = done.has(p.id);
    li.dataset.person = p.id;
    if (ok) li.className = 'ok';
    li.firstChild.textContent = p.name;
    if (p.note) li.firstChild.append(h('small', {}, ` ${p.note}`));
    li.lastChild.setAttribute('aria-pressed', String(ok));
    li.lastChild.setAttribute('aria-label', before + p.name + after);
    list.append(li);
  }
  return list;
}

// The day's marks, one set for the page's life, read from the store once: a redraw (new
// data from a pull) that began before a tap is drawn with that tap, never over it (drawn
// from the stored marks read before the tap, the row looked unmarked, and a second tap
// would have unmarked it).
const marks = new Map();
async function marksOf(key) {
  if (!marks.has(key)) {
    const stored = await getSetting(key, []);
    if (!marks.has(key)) marks.set(key, new Set(stored));
  }
  return marks.get(key);
}

export async function rollcallScreen(user) {
  const date = todayOf(user);
  const key = `rollcall:${date}`;
  const [data, done] = await Promise.all([
    load('child', 'class', ['pickup', date], ['health_check', date], 'user', 'visitor'), marksOf(key)]);
  const { groups, seesChecks, unchecked } = rollcall(user, data, date);
  const missing = () => groups.reduce((s, g) => s + g.people.filter((p) => !done.has(p.id)).length, 0);
  // A tap changes this row and the counts in place: the list does not jump under a finger.
  // One listener a list (not one a button): the rows are many.
  const toggle = async (e) => {
    const btn = e.target.closest('button.mark-ok');
    if (!btn) return;
    const id = btn.closest('li').dataset.person;
    if (done.has(id)) done.delete(id); else done.add(id);
    btn.setAttribute('aria-pressed', String(done.has(id)));
    btn.closest('li').classList.toggle('ok', done.has(id));
    counts(btn.closest('section'), done);
    $('#rc-total').textContent = t('gate.rc_total', { missing: missing() });
    await setSetting(key, [...done]);
  };
  const view = h('div', { class: 'rollcall' },
    h('h1', {}, t('gate.rollcall'), ' ', h('small', {}, date)),
    h('p', { id: 'rc-total', class: 'gate-big', 'aria-live': 'polite' }, t('gate.rc_total', { missing: missing() })),
    h('p', { class: 'note' }, seesChecks ? t('gate.rc_basis_checks', { n: unchecked }) : t('gate.rc_basis_guard')),
    groups.map((g) => {
      // The missing first, each part by name: one sort by name, then split (fewer compares).
      const sorted = [...g.people].sort(byPerson);
      const waiting = sorted.filter((p) => !done.has(p.id));
      const people = [...waiting, ...sorted.filter((p) => done.has(p.id))];
      const n = people.length - waiting.length;
      return h('section', { class: 'rc-group', 'data-group': g.key, 'data-total': String(people.length),
        'data-missing': String(people.length - n), 'aria-labelledby': `rc-${g.key}` },
      h('h2', { id: `rc-${g.key}` }, t(`gate.rc_${g.key}`), ' ',
        h('small', { class: 'count' }, t('gate.rc_count', { done: n, total: people.length, missing: people.length - n }))),
      h('ul', { class: 'rc-list', onclick: toggle }, rows(people, done)));
    }));
  requestAnimationFrame(() => performance.mark('rollcall-ready'));
  return view;
}
