// The app's areas (the three gates, zones and hazards, the gate, the admin) plug in here,
// each from its own module in areas/, so that none has to edit the shell to add a screen.
//
// area({
//   routes:   { name: async (user, parts, query, redraw) => view },   // #/name/part?query
//   forms:    ['name'],       // screens holding a form: not redrawn under someone's fingers
//   nav:      (user) => [{ href: '#/name', label: 'message_key' }],   // links for this role
//   home:     (user) => 'name' | null,  // this role's first screen, instead of Today's checks
//   messages: { 'zh-CN': { key: '…' }, en: { key: '…' } },
// })
//
// A screen's module is loaded when it is first routed to, not at start:
//   routes: { name: lazy(() => import('../screens/x.js'), 'xScreen') }
// (a literal import() the server reads to list the area's files for offline use).
export const routes = new Map();
export const forms = new Set();
export const messages = { 'zh-CN': {}, en: {} };
const navs = [];
const homes = [];

export function area({ routes: r = {}, forms: f = [], nav = null, home = null, messages: m = {} }) {
  for (const [name, screen] of Object.entries(r)) {
    if (routes.has(name)) throw new Error(`route ${name} registered twice`);
    routes.set(name, screen);
  }
  f.forEach((name) => forms.add(name));
  if (nav) navs.push(nav);
  if (home) homes.push(home);
  for (const locale of Object.keys(messages)) Object.assign(messages[locale], m[locale] ?? {});
}

export function navFor(user) {
  return user ? navs.flatMap((nav) => nav(user) ?? []) : [];
}

// Where a signed-in person starts: Today's checks, unless an area takes the role home (a
// guard records no health checks, so Today's roster would only queue refusals).
export function homeFor(user) {
  return (user && homes.map((home) => home(user)).find(Boolean)) || 'today';
}

export function lazy(load, name) {
  return async (...args) => (await load())[name](...args);
}
