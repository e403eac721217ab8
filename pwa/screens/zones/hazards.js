// The hazard ledger (隐患台账) on the phone: mine to fix, to verify, open, all; overdue
// ones flagged. Each tab's list downloads as CSV or Excel.
import { h, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { asServer } from '../../outbox.js';
import { today } from '../../time.js';
import { exportButtons } from '../reports/net.js';
import { isOverdue, recordsOf, zonesById } from './common.js';

const TABS = ['mine', 'verify', 'open', 'all'];

export function hazardRow(hz, zones, date) {
  const overdue = isOverdue(hz, date);
  return h('li', { class: `hazard ${hz.status}${overdue ? ' overdue' : ''}`, 'data-hazard': hz.id,
    'data-status': hz.status },
  h('a', { href: `#/hazard/${hz.id}` },
    h('span', { class: 'name' }, hz.what),
    h('small', {}, zones.get(hz.zone_id)?.name ?? t('z.no_zone'), ' · ', t(`z.sev.${hz.severity}`), ' · ',
      h('span', { class: 'zstatus' }, t(`z.status.${hz.status}`)),
      hz.deadline ? ` · ${t('z.deadline')} ${hz.deadline}` : '',
      overdue ? h('strong', { class: 'zoverdue' }, ` ${t('z.overdue')}`) : '',
      hz.pending ? ` · ${t('z.waiting_send')}` : '')),
  hz.refused ? refusedChip(hz) : null);
}

// Each tab's list as a file (CSV or Excel), filtered on the server as the tab filters here.
const EXPORTS = {
  mine: (user) => `/api/reports/records/hazards?status=assigned&assignee_id=${user.id}`,
  verify: () => '/api/reports/records/hazards?status=fixed',
  open: () => '/api/reports/records/hazards?status=open',
  all: () => '/api/reports/records/hazards',
};

export async function hazardsScreen(user, parts, query) {
  const date = today(user.timezone);
  // A step the server refused did not happen: the hazard is where the server has it, marked.
  const [all, zones] = await Promise.all([recordsOf('hazard').then((x) => x.map(asServer)), zonesById()]);
  const overseer = ['admin', 'health'].includes(user.role);
  const tab = TABS.includes(query.get('tab')) ? query.get('tab') : (overseer ? 'open' : 'mine');
  const filters = {
    mine: (x) => x.assignee_id === user.id && x.status === 'assigned',
    verify: (x) => x.status === 'fixed' && overseer && x.fixed_by !== user.id,
    open: (x) => x.status !== 'verified',
    all: () => true,
  };
  const pick = filters[tab];
  const shown = all.filter(pick).sort((a, b) => (isOverdue(b, date) - isOverdue(a, date))
    || String(b.reported_at).localeCompare(String(a.reported_at)));
  return h('div', { class: 'hazards' },
    h('h1', {}, t('z.hazards')),
    h('nav', { class: 'ztabs', 'aria-label': t('z.hazards') }, TABS.map((k) => h('a', { href: `#/hazards?tab=${k}`,
      class: 'chip link', 'aria-current': k === tab ? 'page' : null, 'data-tab': k },
    t(`z.tab.${k}`), ` (${all.filter(filters[k]).length})`))),
    h('p', {}, h('a', { href: '#/hazard-new', class: 'button primary' }, t('z.report'))),
    exportButtons(user, EXPORTS[tab](user), `hazard-ledger-${tab}`),
    h('p', { class: 'zcount', 'data-testid': 'overdue-count' }, t('z.overdue_n', { n: all.filter((x) => isOverdue(x, date)).length })),
    shown.length ? h('ul', { class: 'zhazards' }, shown.map((x) => hazardRow(x, zones, date)))
      : h('p', { class: 'empty' }, t('z.no_hazards')));
}
