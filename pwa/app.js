// The app: starts the store, the worker and the sync client, and routes between screens.
// #/signin, #/today, #/check/<child>/<session>[?fix=<rejected id>], #/rejected
import { forms, homeFor, navFor, routes } from './areas.js';
import './areas/index.js';
import { on } from './bus.js';
import { getSetting, persist, setSetting } from './db.js';
import { $, h, mount } from './dom.js';
import { getLocale, loadLocale, t, toggleLocale } from './i18n.js';
import { keepOffline } from './offline.js';
import { checkScreen } from './screens/check.js';
import { passwordScreen } from './screens/password.js';
import { rejectedScreen } from './screens/rejected.js';
import { signinScreen } from './screens/signin.js';
import { todayScreen } from './screens/today.js';
import { currentUser, deviceId, refusedOf, refusedOfOthers, signOut, waitingForSignIn,
  waitingOf } from './session.js';
import { renderStatus } from './status.js';
import { start } from './sync.js';
import { registerWorker } from './update.js';
import { today } from './time.js';

const notices = new Set();
let drawn = 0;
const CLOCK_OFF_MS = 5 * 60 * 1000;  // the server flags a clock two minutes off; a person, five

async function route() {
  // Screens are drawn from the store asynchronously: only the latest call may mount, or
  // a slow older draw would put stale counts back on screen.
  const mine = ++drawn;
  const main = $('#main');
  const user = await currentUser();
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const redraw = () => route();
  const home = homeFor(user);
  if (user && home !== 'today' && [undefined, 'today', 'check'].includes(parts[0])) {
    location.replace(`#/${home}`); // its hashchange draws the home
    return;
  }
  let view;
  if (!user) view = await signinScreen();
  else if (parts[0] === 'check') view = await checkScreen(user, parts[1], parts[2], new URLSearchParams(query).get('fix'));
  else if (parts[0] === 'rejected') view = await rejectedScreen(user, redraw);
  else if (parts[0] === 'password') view = await passwordScreen(user);
  else if (routes.has(parts[0])) view = await areaScreen(user, parts, query, redraw);
  else view = await todayScreen(user, redraw);
  if (mine !== drawn) return;
  // Keep the keyboard / screen-reader position across a redraw, and the caret in a field
  // being typed into (a zones form redraws on pulls, keeping what is typed).
  const active = document.activeElement;
  const focusKey = active?.dataset?.focus;
  const caret = typeof active?.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
  mount(main, view);
  if (focusKey) {
    const again = main.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`);
    again?.focus();
    if (caret && typeof again?.setSelectionRange === 'function') {
      try { again.setSelectionRange(...caret); } catch { /* a field without a caret (date, number) */ }
    }
  }
  main.dataset.screen = user ? (parts[0] ?? 'today') : 'signin';
  main.dataset.day = user ? today(user.timezone) : '';
  await drawHeader(user);
}

// An area's screen, its module loaded on first use: a phone offline that never kept this
// screen (another role's) says so instead of leaving the last screen up.
async function areaScreen(user, parts, query, redraw) {
  try {
    return await routes.get(parts[0])(user, parts.slice(1), new URLSearchParams(query ?? ''), redraw);
  } catch (e) {
    if (!(e instanceof TypeError) || !/imported module/i.test(e.message)) throw e; // Chromium's words
    return h('p', { class: 'notice', role: 'alert' }, t('screen_offline'));
  }
}

// Signing in needs the server: signed out with no network, a caregiver in a dead spot of
// the building could not go on until it came back. So offline, signing out says so, and
// what becomes of the changes still waiting (kept, and sent with her sign-in once online),
// and asks first. Online it does not ask: signing in again is a moment. Except for her
// refused changes, online or not: nobody else on this phone may send them again or
// discard them, so they wait, kept, until she signs in here again; she is told so.
async function mayLeave(user) {
  const [n, refused] = await Promise.all([waitingOf(user.id), refusedOf(user.id)]);
  if (navigator.onLine && !refused.length) return true;
  const offline = navigator.onLine ? [] : [t('sign_out_offline'), n ? t('sign_out_waiting', { n }) : ''];
  const mine = refused.length ? t('sign_out_refused', { n: refused.length }) : '';
  return confirm([...offline, mine, t('sign_out_sure')].filter(Boolean).join('\n\n'));
}

async function drawHeader(user) {
  const [stale, others] = user ? await Promise.all([waitingForSignIn(), refusedOfOthers(user.id)]) : [[], []];
  // The language switch sits up here, not in the status strip: on a 360 px phone the
  // strip then fits on one line.
  const language = h('button', { class: 'chip link', type: 'button', lang: getLocale() === 'zh-CN' ? 'en' : 'zh-CN',
    'aria-label': t('language_label'), onclick: toggleLocale }, t('language'));
  mount($('#who'), user ? [h('a', { class: 'name', href: '#/password', title: t('password_link'),
    'aria-label': `${user.name} · ${t('password_link')}` }, user.name), language,
    h('button', { type: 'button', class: 'chip link', 'data-testid': 'sign-out', onclick: async () => {
      if (!(await mayLeave(user))) return;
      await signOut(); route();
    } }, t('sign_out'))] : [language]);
  const dismissed = await getSetting('dismissed', []);
  const items = [...notices].filter((key) => !dismissed.includes(key)).map((key) =>
    h('p', { class: 'banner' }, t(key), h('button', { type: 'button', class: 'secondary',
      onclick: async () => { await setSetting('dismissed', [...dismissed, key]); drawHeader(user); } },
    t('dismiss'))));
  // A phone's clock off the server's by minutes files the work at the wrong time (by
  // hours, on the wrong day): said while it lasts, learnt at each push (sync.js).
  const off = Number(await getSetting('server_offset', 0)) || 0;  // server minus phone, ms
  if (user && Math.abs(off) >= CLOCK_OFF_MS) {
    const hours = Math.abs(off) >= 2 * 3600000;
    items.push(h('p', { class: 'banner warn', 'data-testid': 'clock-off' }, t(off < 0 ? 'clock_ahead' : 'clock_behind',
      { n: Math.round(Math.abs(off) / (hours ? 3600000 : 60000)), unit: t(hours ? 'unit_h' : 'unit_min') })));
  }
  for (const u of stale) {
    items.push(h('p', { class: 'banner warn', 'data-testid': 'signin-needed' },
      t('sign_in_again', { name: u.name, n: u.waiting }),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        if (!(await mayLeave(user))) return; // signing out for them, as the header's button
        await signOut(); route();
      } }, t('sign_in'))));
  }
  // Another person's refused changes: hers alone to send again or discard (screens/rejected.js).
  for (const u of others) {
    items.push(h('p', { class: 'banner warn', 'data-testid': 'refused-elsewhere', 'data-user': u.id },
      u.name ? t('refused_of_other', { name: u.name, n: u.refused }) : t('refused_of_unknown', { n: u.refused })));
  }
  mount($('#notices'), items);
  const links = navFor(user);
  // A role whose home is an area's screen has that area's link first instead of Today.
  if (links.length && homeFor(user) === 'today') links.unshift({ href: '#/today', label: 'nav_today' });
  // One row that scrolls sideways on a phone (it took three rows of a 360 px screen
  // before the work began), the screen open marked and scrolled into sight.
  const here = location.hash.replace(/^#\/?/, '').split('?')[0] || homeFor(user);
  const isHere = (href) => { const p = href.replace(/^#\/?/, ''); return here === p || here.startsWith(`${p}/`); };
  const nav = $('#nav');
  mount(nav, links.map((l) => h('a', { href: l.href, class: 'chip',
    'aria-current': isHere(l.href) ? 'page' : null }, t(l.label))));
  const current = nav.querySelector('[aria-current=page]');
  if (current) {
    const [box, chip] = [nav.getBoundingClientRect(), current.getBoundingClientRect()];
    if (chip.left < box.left || chip.right > box.right) nav.scrollLeft += chip.left - box.left - box.width / 3;
  }
  document.title = `${t('app_name')} Sanguan`;
  $('#status').setAttribute('aria-label', t('status_bar'));
}

async function main() {
  await Promise.all([loadLocale(), deviceId()]);
  if (/MicroMessenger/i.test(navigator.userAgent)) notices.add('wechat');
  await renderStatus($('#status'));
  await route();
  addEventListener('hashchange', route);
  // A form typed into holds the screen as it is (see below) until it is drawn anew.
  $('#main').addEventListener('input', (e) => e.target.form?.setAttribute('data-typed', ''));
  // Redraw on new data, but never under someone's fingers in a form: the sign-in and
  // check forms, and the screens areas list as forms, redraw only when the person or the
  // language changes; a screen drawn again as data comes, not while a form of it marked
  // data-keep is in use.
  on(async (what) => {
    if (what === 'sync' || what === 'network') return; // the status strip's business
    const screen = $('#main').dataset.screen;
    // The screen routed to counts too: a form whose module is still loading (areas load
    // screens when routed to) must not be drawn a second time over the first one.
    const routed = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
    const user = await currentUser();
    // The sign-in form is one only while nobody is signed in: just after a sign-in it is
    // still mounted while the person's home is drawn, and a pull landing then (after the
    // home read the store) must draw it again, or it stays empty until the next sync.
    const inForm = (screen === 'signin' && !user) || screen === 'check' || forms.has(screen)
      || routed === 'check' || forms.has(routed)
      || Boolean($('#main [data-hold]')) // e.g. a camera reading a QR code
      // a form that holds its screen (data-keep) while someone is in it or has typed in it
      || Boolean($('#main [data-keep]:focus-within, #main form[data-keep][data-typed]'));
    // A background push may end a signed-out person's session: that is no reason to
    // clear the sign-in form someone is typing into.
    if (screen === 'signin' && what === 'session' && !user) return;
    if (what === 'session') keepOffline(user?.role);
    if (!inForm || what === 'session' || what === 'locale') route();
  });
  // A new school day draws the screen anew, online or not (a phone left open overnight
  // in a dead spot): as the phone wakes, and each minute it is in use.
  const newDay = async () => {
    const user = await currentUser();
    const { screen, day } = $('#main').dataset;
    if (user && day && day !== today(user.timezone) && screen !== 'check' && !forms.has(screen)) route();
  };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') newDay(); });
  setInterval(newDay, 60000);
  const hasWorker = await registerWorker($('#update'));
  if (!hasWorker) notices.add('no_sw');
  if ((await persist()) === false) notices.add('persist_refused');
  const user = await currentUser();
  drawHeader(user);
  if (hasWorker) keepOffline(user?.role);
  start();
}

main();
