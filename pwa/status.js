// The always-visible strip: online or offline, how many changes wait, when the last
// sync succeeded, and "needs attention" with a count, opening the rejected list, shown
// while something needs it. One line on a 360 px phone. (The language switch is in the
// header.) "Needs attention" counts the signed-in person's own refused changes: on a
// shared phone, another person's are hers to deal with (app.js tells who must sign in).
import { on } from './bus.js';
import { count, getSetting } from './db.js';
import { h, mount } from './dom.js';
import { getLocale, t } from './i18n.js';
import { currentUser, refusedOf } from './session.js';
import { status } from './sync.js';
import { clockTime } from './time.js';

export function renderStatus(el) {
  let busy = false;
  let again = false;
  async function draw() {
    if (busy) { again = true; return; }
    busy = true;
    const [waiting, user, last] = await Promise.all([count('outbox'), currentUser(),
      getSetting('last_sync')]);
    const rejected = user ? (await refusedOf(user.id)).length : 0;
    const online = navigator.onLine;
    mount(el,
      h('span', { class: `chip ${online ? 'ok' : 'off'}`, 'data-testid': 'network' },
        status.running && online ? t('syncing') : t(online ? 'online' : 'offline')),
      h('span', { class: `chip ${waiting ? 'warn' : ''}`, 'data-testid': 'waiting',
        'data-count': waiting }, t('waiting', { n: waiting })),
      // The one that gives way when the line is short: its time first, then its words.
      h('span', { class: 'chip shrink', 'data-testid': 'last-sync' },
        last ? t('last_sync', { time: clockTime(last, getLocale()) }) : t('never_synced')),
      h('a', { class: 'chip link bad', href: '#/rejected', hidden: !rejected,
        'data-testid': 'attention', 'data-count': rejected }, t('attention', { n: rejected }),
        h('span', { class: 'sr-only' }, t('attention_more'))));
    busy = false;
    if (again) { again = false; draw(); }
  }
  on(draw);
  addEventListener('online', draw);
  addEventListener('offline', draw);
  setInterval(draw, 30000); // "synced 08:01" stays truthful
  return draw();
}
