// Drills (应急疏散演练): this term's kinds, done, planned or still to do; the admin plans
// one; on the day the admin or the health teacher records it from a phone, offline too,
// with who took part prefilled from today's attendance, and each problem found may be
// reported as a hazard in the same tap (the hazard loop's own hazard.report).
import { byDay, byEntity } from '../../db.js';
import { announce, h, oneTap, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { newId } from '../../ids.js';
import { asServer, counted as held } from '../../outbox.js';
import { afterSave } from '../../sync.js';
import { deviceTime, schoolInstant } from '../../time.js';
import { enqueueAll, field, recordsOf } from '../zones/common.js';
import { DRILL_KINDS, schoolNow, termOf } from './rules.js';

const KINDS = [...DRILL_KINDS, 'other'];

// A term as people say it: '2026-autumn' is 2026年秋季学期, Autumn term 2026.
export function termName(term) {
  const [, year, season] = /^(\d{4})-(spring|autumn)$/.exec(term ?? '') ?? [];
  return season ? t(`d.term_name.${season}`, { year }) : term;
}
const select = (options, value) => h('select', {}, options.map(([v, label]) =>
  h('option', { value: v, selected: v === value }, label)));

export async function drillsScreen(user, parts, query, redraw) {
  const { date } = schoolNow(user.timezone);
  const term = termOf(date);
  const mine = (await recordsOf('drill')).filter((d) => d.term === term)
    .sort((a, b) => String(a.date).localeCompare(String(b.date)));
  // A drill planned or recorded here that the server refused did not happen: the server's
  // row under it counts, if it has one (outbox.js asServer); listed, it is marked.
  const drills = mine.map(asServer);
  const counted = held(mine);
  const status = (kind) => {
    const done = counted.find((d) => d.kind === kind && d.status === 'done');
    const planned = counted.find((d) => d.kind === kind && d.status === 'planned');
    if (done) return ['done', t('d.done', { date: done.date })];
    if (planned) return ['planned', t('d.planned', { date: planned.date })];
    return ['todo', t('d.todo')];
  };
  const recorder = ['admin', 'health'].includes(user.role);
  return h('div', { class: 'drills' },
    h('h1', {}, t('d.title')),
    h('h2', {}, t('d.term', { term: termName(term) })),
    h('ul', { class: 'dkinds' }, DRILL_KINDS.map((k) => {
      const [state, text] = status(k);
      return h('li', { class: `dkind ${state}`, 'data-kind': k, 'data-state': state },
        h('span', { class: 'name' }, t(`d.kind.${k}`)), ' ', h('strong', {}, text));
    })),
    h('h2', {}, t('d.list')),
    drills.length ? h('ul', { class: 'dlist' }, drills.map((d) => h('li', { 'data-drill': d.id, 'data-state': d.status },
      h('span', { class: 'name' }, `${d.date} ${t(`d.kind.${d.kind}`)}`),
      d.status === 'done' ? h('small', {}, t('d.evacuated', { s: d.evacuate_seconds, c: d.children, st: d.staff }))
        : recorder ? h('a', { href: `#/drill/${d.id}`, class: 'button primary' }, t('d.record')) : null,
      d.refused ? refusedChip(d) : null,
      d.scenario ? h('p', { class: 'dscenario' }, d.scenario) : null)))
      : h('p', { class: 'empty' }, t('d.none')),
    recorder ? h('p', {}, h('a', { href: '#/drill/new', class: 'button secondary' }, t('d.record_new'))) : null,
    user.role === 'admin' ? planForm(user, date, redraw) : null);
}

function planForm(user, date, redraw) {
  const kind = select(KINDS.map((k) => [k, t(`d.kind.${k}`)]), 'fire');
  const day = h('input', { type: 'date', value: date, required: true });
  const scenario = h('textarea', { rows: 3, maxlength: 2000 });
  const form = h('form', { class: 'dform', id: 'drill-plan', 'aria-label': t('d.plan'), onsubmit: oneTap(async (e) => {
    e.preventDefault();
    const id = newId();
    const args = { id, kind: kind.value, date: day.value, scenario: scenario.value.trim() || null };
    await enqueueAll(user, [{ name: 'drill.plan', args, record: { ...args, entity: 'drill',
      term: termOf(day.value), status: 'planned', planned_by: user.id } }]);
    afterSave();
    announce(t('d.planned_saved'));
    // This screen holds a form, so a sync does not redraw it (areas/routines.js): it is
    // drawn again here, with the drill just planned in its list and the form empty.
    await redraw();
  }) }, h('h2', {}, t('d.plan')), field('plan-kind', t('d.kind'), kind), field('plan-date', t('d.date'), day),
  field('plan-scenario', t('d.scenario'), scenario), h('button', { type: 'submit', class: 'primary' }, t('d.save_plan')));
  return form;
}

// Who is here today: children checked present this morning (all active children when no
// check is in yet), and the active staff less those away today.
async function attendance(date) {
  const [checks, children, users, away] = await Promise.all([byDay('health_check', date),
    byEntity('child'), byEntity('user'), byEntity('staff_absence')]);
  const morning = checks.filter((c) => c.session === 'morning');
  const perClass = {};
  const present = morning.length ? morning.filter((c) => c.status !== 'absent')
    : children.filter((c) => c.active !== false);
  for (const c of present) perClass[c.class_id] = (perClass[c.class_id] ?? 0) + 1;
  const off = new Set(away.filter((a) => a.date_from <= date && a.date_to >= date).map((a) => a.user_id));
  return { children: present.length, perClass,
    staff: users.filter((u) => u.active !== false && !off.has(u.id)).length };
}


export async function drillScreen(user, [id]) {
  const { date } = schoolNow(user.timezone);
  const drill = id === 'new' ? { id: newId(), kind: 'fire', date, status: 'new' }
    : asServer((await recordsOf('drill')).find((d) => d.id === id));
  if (!drill) return h('p', { class: 'notice' }, t('d.no_such'));
  if (drill.status === 'done') return h('div', { class: 'drill' }, h('h1', {}, t('d.recorded')),
    h('p', {}, t('d.evacuated', { s: drill.evacuate_seconds, c: drill.children, st: drill.staff })),
    drill.refused ? h('p', { class: 'notice' }, refusedChip(drill)) : null);
  const here = await attendance(date);
  const kind = select(KINDS.map((k) => [k, t(`d.kind.${k}`)]), drill.kind);
  const start = h('input', { type: 'time', required: true });
  const end = h('input', { type: 'time', required: true });
  const nowButton = (input, label) => h('button', { type: 'button', class: 'secondary', 'aria-label': `${label} ${t('d.now')}`,
    onclick: () => { input.value = schoolNow(user.timezone).time; } }, t('d.now'));
  const seconds = h('input', { type: 'number', min: 1, max: 3600, required: true, inputmode: 'numeric' });
  const children = h('input', { type: 'number', min: 0, max: 5000, required: true, value: here.children, inputmode: 'numeric' });
  const staff = h('input', { type: 'number', min: 0, max: 1000, required: true, value: here.staff, inputmode: 'numeric' });
  const problems = h('textarea', { rows: 4 });
  const asHazard = h('input', { type: 'checkbox', id: 'drill-hazard', checked: true });
  const note = h('textarea', { rows: 2, maxlength: 2000 });
  const error = h('p', { class: 'error', role: 'alert', id: 'drill-error' });
  const form = h('form', { class: 'dform', id: 'drill-record', 'aria-label': t('d.record'), onsubmit: oneTap(async (e) => {
    e.preventDefault();
    if (!start.value || !end.value || end.value < start.value) {
      error.textContent = t('d.need_times');
      return;
    }
    const lines = problems.value.split('\n').map((s) => s.trim()).filter(Boolean);
    const hazards = asHazard.checked ? lines.map((text) => ({ text, hazard_id: newId() })) : [];
    const args = { id: drill.id, kind: kind.value, date: drill.date, scenario: drill.scenario ?? null,
      started_at: schoolInstant(drill.date, start.value, user.timezone),
      ended_at: schoolInstant(drill.date, end.value, user.timezone),
      evacuate_seconds: Number(seconds.value), children: Number(children.value), staff: Number(staff.value),
      classes: here.perClass, problems: asHazard.checked ? hazards : lines.map((text) => ({ text, hazard_id: null })),
      note: note.value.trim() || null };
    const source = `drill:${drill.id}`;
    await enqueueAll(user, [
      { name: 'drill.record', args, record: { ...drill, ...args, entity: 'drill', term: termOf(drill.date),
        status: 'done', recorded_by: user.id } },
      ...hazards.map((p) => {
        const hz = { id: p.hazard_id, what: p.text, severity: 'medium', photos: [], source };
        return { name: 'hazard.report', args: hz, record: { ...hz, entity: 'hazard', zone_id: null,
          status: 'reported', reported_by: user.id, reported_at: deviceTime() } };
      })]);
    afterSave();
    announce(t('d.saved'));
    location.hash = '#/drills';
  }) },
  h('h1', {}, t('d.record'), ' ', h('small', {}, drill.date)),
  drill.scenario ? h('p', { class: 'dscenario' }, drill.scenario) : null,
  field('drill-kind', t('d.kind'), kind),
  h('div', { class: 'drow' }, field('drill-start', t('d.start'), start), nowButton(start, t('d.start'))),
  h('div', { class: 'drow' }, field('drill-end', t('d.end'), end), nowButton(end, t('d.end'))),
  field('drill-seconds', t('d.seconds'), seconds),
  h('p', { class: 'zhint', 'data-testid': 'prefilled' }, t('d.prefilled', { children: here.children, staff: here.staff })),
  field('drill-children', t('d.children'), children), field('drill-staff', t('d.staff'), staff),
  field('drill-problems', t('d.problems'), problems),
  h('label', { class: 'tick', for: 'drill-hazard' }, asHazard, t('d.as_hazard')),
  field('drill-note', t('d.note'), note), error,
  h('button', { type: 'submit', class: 'primary' }, t('d.save')));
  return h('div', { class: 'drill' }, form);
}
