// The admin area (issue 8): setting up and running the school, online only. One route,
// #/admin/<section>[/<id>], drawn by the screens in ../screens/admin/.
import { area, lazy } from '../areas.js';
import messages from '../screens/admin/messages.js';

// Each screen's module is loaded when it is first opened (see ../areas.js, lazy).
const site = () => import('../screens/admin/site.js');
const SCREENS = {
  site: lazy(site, 'siteScreen'), calendar: lazy(site, 'calendarScreen'),
  staff: lazy(() => import('../screens/admin/staff.js'), 'staffScreen'),
  children: lazy(() => import('../screens/admin/children.js'), 'childrenScreen'),
  devices: lazy(() => import('../screens/admin/devices.js'), 'devicesScreen'),
  audit: lazy(() => import('../screens/admin/audit.js'), 'auditScreen'),
  import: lazy(() => import('../screens/admin/import.js'), 'importScreen'),
  settings: lazy(() => import('../screens/admin/settings.js'), 'settingsScreen'),
  'block-list': lazy(() => import('../screens/admin/blocklist.js'), 'blockListScreen'),
};
const homeScreen = lazy(() => import('../screens/admin/home.js'), 'homeScreen');

async function draw(user, section, id, query, redraw) {
  if (user.role !== 'admin') return homeScreen(user);
  const { LISTS, listScreen } = await import('../screens/admin/lists.js');
  if (LISTS.includes(section)) return listScreen(user, section, id, redraw);
  if (Object.hasOwn(SCREENS, section)) return SCREENS[section](user, id, query, redraw);
  return homeScreen(user);
}

async function admin(user, [section = 'home', id], query, redraw) {
  const view = await draw(user, section, id, query, redraw);
  // Which screen is drawn, for tests and styles (the shell marks only the route).
  view.dataset.section = id ? `${section}/item` : section;
  return view;
}

area({
  routes: { admin },
  // Every admin screen holds a form, and its data comes from the server, not the phone's
  // store: a sync in the background is no reason to redraw it.
  forms: ['admin'],
  nav: (user) => (user.role === 'admin' ? [{ href: '#/admin', label: 'nav_admin' }] : []),
  messages,
});
