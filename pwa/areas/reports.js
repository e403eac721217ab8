// The reports (issue 9): today's dashboard, the records behind each number, the monthly
// staff scorecard, the charts. Online only, like the admin screens: #/reports[/<section>].
import { area } from '../areas.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import messages from '../screens/reports/messages.js';

const OVERSEE = ['admin', 'health'];

async function reports(user, [section, ...rest], query, redraw) {
  let view;
  // Each screen's module is loaded when it is first opened (see ../areas.js).
  if (section === 'records') view = await (await import('../screens/reports/records.js')).recordsScreen(user, rest, query, redraw);
  else if (section === 'scorecard') view = await (await import('../screens/reports/scorecard.js')).scorecardScreen(user, rest, query, redraw);
  else if (section === 'charts' && user.role !== 'guard') view = await (await import('../screens/reports/charts.js')).chartsScreen(user, rest, query, redraw);
  else if (OVERSEE.includes(user.role)) view = await (await import('../screens/reports/today.js')).todayScreen(user, rest, query, redraw);
  else view = h('p', { class: 'notice' }, t('err.forbidden'));
  view.dataset.section = section ?? 'today';
  return view;
}

area({
  routes: { reports },
  nav: (user) => (OVERSEE.includes(user.role) ? [{ href: '#/reports', label: 'rep.nav' }]
    : [{ href: '#/reports/scorecard', label: 'rep.nav_score' }]),
  messages,
});
