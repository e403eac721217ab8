// My zones today: each zone's opening and closing self-check, done or to do; for the admin
// and the health teacher, who has not done today's checks yet (nobody, on a day the school
// is closed: none are due).
import { closedNotice, isOpen, schoolCalendar } from '../../calendar.js';
import { byName } from '../../classes.js';
import { byEntity } from '../../db.js';
import { h, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { today } from '../../time.js';
import { names, recordsOf } from './common.js';

const KINDS = ['opening', 'closing'];

export async function zonesScreen(user) {
  const date = today(user.timezone);
  const [zones, checks, who, calendar] = await Promise.all([byEntity('zone'),
    recordsOf('zone_check', date), names(), schoolCalendar()]);
  const open = isOpen(date, calendar);
  // A check the server refused (outbox.js settle) is not done: still to do, and marked.
  const done = new Map(checks.filter((c) => !c.refused).map((c) => [`${c.zone_id}:${c.kind}`, c]));
  const refused = new Map(checks.filter((c) => c.refused).map((c) => [`${c.zone_id}:${c.kind}`, c]));
  const all = zones.filter((z) => z.active !== false).sort(byName);
  const mine = all.filter((z) => z.responsible_id === user.id);
  const overseer = ['admin', 'health'].includes(user.role);
  const row = (z) => h('li', { class: 'zone', 'data-zone': z.id },
    h('span', { class: 'name' }, z.name),
    h('span', { class: 'zkinds' }, KINDS.flatMap((kind) => {
      const c = done.get(`${z.id}:${kind}`);
      const state = c ? (c.failed ? 'failed' : 'done') : 'todo';
      const no = refused.get(`${z.id}:${kind}`);
      return [h('a', { href: `#/zone-check/${z.id}/${kind}`, class: `zkind ${state}`, 'data-kind': kind,
        'data-state': state }, t(`z.${kind}`), ' · ', t(`z.state.${state}`)),
      no && !c ? refusedChip(no, t('refused_what', { what: t(`z.${kind}`) })) : null];
    })));
  const missing = all.flatMap((z) => KINDS.filter((k) => !done.has(`${z.id}:${k}`))
    .map((k) => h('li', { class: 'zmissing', 'data-zone': z.id, 'data-kind': k },
      t('z.missing_row', { zone: z.name, kind: t(`z.${k}`), who: who.get(z.responsible_id) ?? '—' }))));
  const links = [['#/hazard-new', 'z.report'], ['#/hazards', 'z.hazards']];
  if (['guard', 'admin'].includes(user.role)) links.push(['#/patrol', 'z.patrol']);
  if (['guard', 'admin', 'health'].includes(user.role)) links.push(['#/inspections', 'z.inspections']);
  if (user.role === 'admin') links.push(['#/zone-labels', 'z.labels']);
  return h('div', { class: 'zones' },
    h('h1', {}, t('z.title'), ' ', h('small', {}, date)),
    open ? null : closedNotice(),
    h('nav', { class: 'zlinks', 'aria-label': t('z.title') },
      links.map(([href, key]) => h('a', { href, class: 'button secondary' }, t(key)))),
    h('h2', {}, t('z.my_zones')),
    mine.length ? h('ul', { class: 'zlist' }, mine.map(row)) : h('p', { class: 'empty' }, t('z.no_zones')),
    overseer ? [h('h2', {}, t('z.all_zones')), h('ul', { class: 'zlist' }, all.filter((z) => !mine.includes(z)).map(row)),
      ...(open ? [h('h2', { id: 'zmissing' }, t('z.not_done', { n: missing.length })),
        missing.length ? h('ul', { class: 'zmissing-list', 'aria-labelledby': 'zmissing' }, missing)
          : h('p', {}, t('z.all_done'))] : [])] : null);
}
