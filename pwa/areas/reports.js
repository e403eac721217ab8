// The reports (issue 9): today's dashboard, the records behind each number, the monthly
// staff scorecard, the charts. Online only, like the admin screens: #/reports[/<section>].
import { area } from '../areas.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { chartsScreen } from '../screens/reports/charts.js';
import messages from '../screens/reports/messages.js';
import { recordsScreen } from '../screens/reports/records.js';
import { scorecardScreen } from '../screens/reports/scorecard.js';
import { todayScreen } from '../screens/reports/today.js';

const OVERSEE = ['admin', 'health'];

async function reports(user, [section, ...rest], query, redraw) {
  let view;
  if (section === 'records') view = await recordsScreen(user, rest, query, redraw);
  else if (section === 'scorecard') view = await scorecardScreen(user, rest, query, redraw);
  else if (section === 'charts' && user.role !== 'guard') view = await chartsScreen(user, rest, query, redraw);
  else if (OVERSEE.includes(user.role)) view = await todayScreen(user, rest, query, redraw);
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
