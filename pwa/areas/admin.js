// The admin area (issue 8): setting up and running the school, online only. One route,
// #/admin/<section>[/<id>], drawn by the screens in ../screens/admin/.
import { area } from '../areas.js';
import { auditScreen } from '../screens/admin/audit.js';
import { blockListScreen } from '../screens/admin/blocklist.js';
import { childrenScreen } from '../screens/admin/children.js';
import { devicesScreen } from '../screens/admin/devices.js';
import { homeScreen } from '../screens/admin/home.js';
import { importScreen } from '../screens/admin/import.js';
import { LISTS, listScreen } from '../screens/admin/lists.js';
import messages from '../screens/admin/messages.js';
import { settingsScreen } from '../screens/admin/settings.js';
import { calendarScreen, siteScreen } from '../screens/admin/site.js';
import { staffScreen } from '../screens/admin/staff.js';

const SCREENS = {
  site: siteScreen, calendar: calendarScreen, staff: staffScreen, children: childrenScreen,
  devices: devicesScreen, audit: auditScreen, import: importScreen, settings: settingsScreen,
  'block-list': blockListScreen,
};

async function draw(user, section, id, query, redraw) {
  if (user.role !== 'admin') return homeScreen(user);
  if (LISTS.includes(section)) return listScreen(user, section, id, redraw);
  if (SCREENS[section]) return SCREENS[section](user, id, query, redraw);
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
