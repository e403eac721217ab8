// Changes the server refused, with the reason in the person's language. Each one can be
// fixed and sent again, or discarded: discarding asks first and is logged on the server.
// On a shared phone each person sees her own: a change is sent again or discarded only by
// the one who made it, under her own sign-in (the server records who sends it). Another
// person's are only mentioned, in a banner above every screen (app.js): she must sign in
// on this phone to deal with them.
import { api } from '../api.js';
import { all } from '../db.js';
import { h } from '../dom.js';
import { getLocale, reason, reasonDetail, t } from '../i18n.js';
import { forgetRejected, resend } from '../outbox.js';
import { lostPhotos, withoutPhotos } from '../photos.js';
import { deviceId, tokenFor } from '../session.js';
import { afterSave } from '../sync.js';
import { clockTime } from '../time.js';
import { describe } from './rejected_kinds.js';

// Refused for its values: the same values would be refused again (the server's checks of
// a mutation's arguments do not change), so it is done again on its screen, not resent.
// So is one stamped by a clock far ahead: the time it carries is wrong, and so may be its
// day; the time it was really done is not known.
const SAME_FAILS = new Set(['validation_failed', 'clock_skew']);

async function discard(user, m, redraw, error) {
  if (m.user_id !== user.id) return; // not hers: never listed for her (rejectedScreen)
  if (!confirm(t('discard_confirm'))) return;
  const token = await tokenFor(user.id);
  try {
    if (!token) throw new Error('no token');
    const { id, name, hlc, device_time, args, code, message } = m;
    await api('/api/sync/discard', { method: 'POST', token, body: {
      client_id: await deviceId(), mutations: [{ id, name, hlc, device_time, args, code, message }] } });
  } catch {
    error.textContent = t('discard_failed');
    return;
  }
  await forgetRejected([m.id]);
  redraw();
}

export async function rejectedScreen(user, redraw) {
  const items = (await all('rejected')).filter((m) => m.user_id === user.id)
    .sort((a, b) => a.hlc.localeCompare(b.hlc));
  // #/rejected?id=<mutation>: the one a screen's "needs attention" led here.
  const wanted = new URLSearchParams(location.hash.split('?')[1] ?? '').get('id');
  const error = h('p', { class: 'error', role: 'alert' });
  const rows = await Promise.all(items.map(async (m) => {
    const { what, href } = await describe(m);
    // The check form is the abnormal one (temperature, symptoms, action): a refused
    // normal or absent check is sent again as it was, not made abnormal by a fix.
    const fixable = m.name === 'check.record' && m.args?.child_id && m.args?.session
      && (m.args.status ?? 'abnormal') === 'abnormal';
    // A photo the server never got and the phone no longer holds (an older app deleted
    // it): sent again as it is, it would be refused again. Where the record stands without
    // it, it goes without it, by the person's choice; else it is done again on its screen.
    const lost = m.code === 'photo_missing' ? await lostPhotos(m) : null;
    const bare = lost?.length ? withoutPhotos(m, lost) : null;
    const sameFails = SAME_FAILS.has(m.code) || Boolean(lost?.length && !bare);
    let again = null;
    if (bare) {
      again = h('button', { type: 'button', class: 'primary', 'data-testid': 'without-photo',
        onclick: async () => { await resend(user, m, bare); afterSave(); redraw(); } }, t('send_without_photo'));
    } else if (fixable) {
      again = h('a', { class: 'button primary', href: `#/check/${m.args.child_id}/${m.args.session}?fix=${m.id}` }, t('fix'));
    } else if (!sameFails) {
      again = h('button', { type: 'button', class: 'primary',
        onclick: async () => { await resend(user, m); afterSave(); redraw(); } }, t('send_again'));
    }
    const open = href && !fixable ? h('a', { class: 'button secondary', href, 'data-testid': 'open' }, t('open_screen')) : null;
    const detail = reasonDetail(m.code, m.message);
    return h('li', { class: 'rejected', 'data-id': m.id, 'data-name': m.name,
      'aria-current': m.id === wanted ? 'true' : null },
      h('strong', {}, t('rejected_item', { what, when: clockTime(m.device_time, getLocale()) })),
      h('p', { class: 'reason', 'data-code': m.code }, reason(m.code, m.message)),
      lost?.length ? h('p', { class: 'hint', 'data-testid': 'photo-lost' }, t('photo_lost')) : null,
      detail ? h('p', { class: 'detail' }, h('small', {}, t('server_said'), ' ', h('span', { lang: 'en' }, detail))) : null,
      sameFails && !fixable ? h('p', { class: 'hint', 'data-testid': 'same-fails' },
        t(href ? 'same_fails_open' : 'same_fails')) : null,
      h('div', { class: 'buttons' }, again, open,
        h('button', { type: 'button', class: 'danger', onclick: () => discard(user, m, redraw, error) },
          t('discard'))));
  }));
  const view = h('div', { class: 'rejected-list' },
    h('h1', {}, t('rejected_title')), error,
    items.length ? h('ul', {}, rows) : h('p', { class: 'empty' }, t('rejected_none')),
    h('a', { class: 'button secondary', href: '#/today' }, t('back')));
  if (wanted) requestAnimationFrame(() => view.querySelector('li[aria-current]')?.scrollIntoView({ block: 'center' }));
  return view;
}
