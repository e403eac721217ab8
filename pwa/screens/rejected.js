// Changes the server refused, with the reason in the person's language. Each one can be
// fixed and sent again, or discarded: discarding asks first and is logged on the server.
import { api } from '../api.js';
import { all, db } from '../db.js';
import { h } from '../dom.js';
import { getLocale, reason, t } from '../i18n.js';
import { forgetRejected, resend } from '../outbox.js';
import { deviceId, tokenFor } from '../session.js';
import { afterSave } from '../sync.js';
import { clockTime } from '../time.js';

async function describe(m) {
  if (m.name !== 'check.record') return m.name;
  const child = await (await db()).get('records', m.args?.child_id);
  return t('mutation.check.record', { child: child?.name ?? m.args?.child_id ?? '?',
    session: t(`session.${m.args?.session}`), status: t(`status.${m.args?.status}`) });
}

async function discard(m, redraw, error) {
  if (!confirm(t('discard_confirm'))) return;
  const token = await tokenFor(m.user_id);
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
  const items = (await all('rejected')).sort((a, b) => a.hlc.localeCompare(b.hlc));
  const error = h('p', { class: 'error', role: 'alert' });
  const rows = await Promise.all(items.map(async (m) => {
    // The check form is the abnormal one (temperature, symptoms, action): a refused
    // normal or absent check is sent again as it was, not made abnormal by a fix.
    const fixable = m.name === 'check.record' && m.args?.child_id && m.args?.session
      && (m.args.status ?? 'abnormal') === 'abnormal';
    const again = fixable
      ? h('a', { class: 'button primary', href: `#/check/${m.args.child_id}/${m.args.session}?fix=${m.id}` }, t('fix'))
      : h('button', { type: 'button', class: 'primary',
        onclick: async () => { await resend(user, m); afterSave(); redraw(); } }, t('send_again'));
    return h('li', { class: 'rejected', 'data-id': m.id },
      h('strong', {}, t('rejected_item', { what: await describe(m),
        when: clockTime(m.device_time, getLocale()) })),
      h('p', { class: 'reason', 'data-code': m.code }, reason(m.code, m.message)),
      h('div', { class: 'buttons' }, again,
        h('button', { type: 'button', class: 'danger', onclick: () => discard(m, redraw, error) },
          t('discard'))));
  }));
  return h('div', { class: 'rejected-list' },
    h('h1', {}, t('rejected_title')), error,
    items.length ? h('ul', {}, rows) : h('p', { class: 'empty' }, t('rejected_none')),
    h('a', { class: 'button secondary', href: '#/today' }, t('back')));
}
