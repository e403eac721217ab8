// Emergency roll-call (应急点名): one screen on any staff phone, drawn from the local store
// only, so it works with no network at all. Three groups with counts: children present
// today, staff, visitors on site; tap each person as accounted for; the missing first.
//
// "Present today" is honest about what the phone can know:
// - a role that sees health checks (admin, health, caregiver): children checked in at the
//   morning check (not absent), minus those picked up;
// - the guard, who never gets health data: every child of an active class, minus those
//   picked up. The screen says so: absences are not known on this phone.
// Staff: every active member of staff (the app keeps no attendance of staff).
// "Accounted for" is this phone's own state (settings, per day), never sent anywhere.
import { getSetting, setSetting } from '../../db.js';
import { $, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { byName, load, onSite, todayOf } from './data.js';

export function rollcall(user, { child, class: classes, pickup, health_check: checks, user: users, visitor }, date) {
  const active = new Set(classes.filter((c) => c.active !== false).map((c) => c.id));
  const gone = new Set(pickup.filter((p) => p.date === date).map((p) => p.child_id));
  const seesChecks = user.role !== 'guard';
  const morning = new Map(checks.filter((c) => c.date === date && c.session === 'morning')
    .map((c) => [c.child_id, c.status]));
  const kids = child.filter((c) => c.active !== false && active.has(c.class_id) && !gone.has(c.id)
    && (seesChecks ? morning.has(c.id) && morning.get(c.id) !== 'absent' : true));
  const unchecked = seesChecks ? child.filter((c) => c.active !== false && active.has(c.class_id)
    && !gone.has(c.id) && !morning.has(c.id)).length : null;
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

export async function rollcallScreen(user) {
  const date = todayOf(user);
  const key = `rollcall:${date}`;
  const [data, marked] = await Promise.all([
    load('child', 'class', 'pickup', 'health_check', 'user', 'visitor'), getSetting(key, [])]);
  const done = new Set(marked);
  const { groups, seesChecks, unchecked } = rollcall(user, data, date);
  // A tap changes this row and the counts in place: the list does not jump under a finger.
  const toggle = async (e) => {
    const btn = e.currentTarget;
    const id = btn.closest('li').dataset.person;
    if (done.has(id)) done.delete(id); else done.add(id);
    btn.setAttribute('aria-pressed', String(done.has(id)));
    btn.closest('li').classList.toggle('ok', done.has(id));
    counts(btn.closest('section'), done);
    $('#rc-total').textContent = t('gate.rc_total', { missing: groups.reduce((s, g) => s + g.people.filter((p) => !done.has(p.id)).length, 0) });
    await setSetting(key, [...done]);
  };
  const total = groups.reduce((s, g) => s + g.people.filter((p) => !done.has(p.id)).length, 0);
  const view = h('div', { class: 'rollcall' },
    h('h1', {}, t('gate.rollcall'), ' ', h('small', {}, date)),
    h('p', { id: 'rc-total', class: 'gate-big', 'aria-live': 'polite' }, t('gate.rc_total', { missing: total })),
    h('p', { class: 'note' }, seesChecks ? t('gate.rc_basis_checks', { n: unchecked }) : t('gate.rc_basis_guard')),
    groups.map((g) => {
      const people = [...g.people].sort((a, b) => done.has(a.id) - done.has(b.id) || byName(a, b));
      const n = people.filter((p) => done.has(p.id)).length;
      return h('section', { class: 'rc-group', 'data-group': g.key, 'data-total': String(people.length),
        'data-missing': String(people.length - n), 'aria-labelledby': `rc-${g.key}` },
      h('h2', { id: `rc-${g.key}` }, t(`gate.rc_${g.key}`), ' ',
        h('small', { class: 'count' }, t('gate.rc_count', { done: n, total: people.length, missing: people.length - n }))),
      h('ul', { class: 'rc-list' }, people.map((p) => h('li', { 'data-person': p.id, class: done.has(p.id) ? 'ok' : '' },
        h('span', { class: 'name' }, p.name, p.note ? h('small', {}, ` ${p.note}`) : null),
        h('button', { type: 'button', class: 'secondary mark-ok', 'aria-pressed': String(done.has(p.id)),
          'aria-label': t('gate.rc_mark', { name: p.name }), onclick: toggle }, t('gate.rc_ok'))))));
    }));
  requestAnimationFrame(() => performance.mark('rollcall-ready'));
  return view;
}
