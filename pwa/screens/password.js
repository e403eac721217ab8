// Her own password, changed by the person herself: the admin gives a first one (and resets
// a forgotten one) and knows it until then. Online only (POST /api/auth/password); her
// sign-ins on this and her other phones stay.
import { api } from '../api.js';
import { h, oneTap } from '../dom.js';
import { reason, t } from '../i18n.js';
import { tokenFor } from '../session.js';

export async function passwordScreen(user) {
  const field = (id, label, autocomplete) => [h('label', { for: id }, label),
    h('input', { id, name: id, type: 'password', required: true, autocomplete })];
  const error = h('p', { class: 'error', role: 'alert', id: 'password-error' });
  const done = h('p', { class: 'notice', role: 'status', 'data-testid': 'password-changed' });

  async function submit(e) {
    e.preventDefault();
    const form = e.target;
    const f = new FormData(form);
    error.textContent = '';
    done.textContent = '';
    if (f.get('new') !== f.get('again')) { error.textContent = t('password_mismatch'); return; }
    if (String(f.get('new')).length < 8) { error.textContent = t('password_short'); return; }
    try {
      await api('/api/auth/password', { method: 'POST', token: await tokenFor(user.id),
        body: { current: f.get('current'), new: f.get('new') } });
    } catch (err) {
      error.textContent = err.code === 'network' ? t('password_offline') : reason(err.code, err.message);
      return;
    }
    form.reset();
    done.textContent = t('password_changed');
  }

  return h('form', { class: 'signin', 'data-keep': true, onsubmit: oneTap(submit), 'aria-labelledby': 'password-title' },
    h('h1', { id: 'password-title' }, t('password_title')),
    h('p', {}, t('password_why', { name: user.name })),
    field('current', t('password_current'), 'current-password'),
    field('new', t('password_new'), 'new-password'),
    field('again', t('password_again'), 'new-password'),
    error, done, h('button', { type: 'submit', class: 'primary wide' }, t('password_title')));
}
