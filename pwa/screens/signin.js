// Signing in: school code, user name, password. Also where a person whose token was
// revoked signs in again (their waiting work is named so they know why).
import { h } from '../dom.js';
import { getSetting } from '../db.js';
import { reason, t } from '../i18n.js';
import { signIn, waitingForSignIn } from '../session.js';
import { syncSoon } from '../sync.js';

export async function signinScreen() {
  const [site, stale] = await Promise.all([getSetting('last_site', ''), waitingForSignIn()]);
  const field = (id, label, attrs) => [h('label', { for: id }, label),
    h('input', { id, name: id, required: true, ...attrs })];
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const button = h('button', { type: 'submit', class: 'primary wide' }, t('sign_in'));

  async function submit(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    button.disabled = true;
    button.textContent = t('signing_in');
    error.textContent = '';
    try {
      await signIn(f.get('site').trim(), f.get('username').trim(), f.get('password'));
      location.hash = '#/today';
      syncSoon();
    } catch (err) {
      error.textContent = err.code === 'network' ? t('sign_in_offline') : reason(err.code, err.message);
      button.disabled = false;
      button.textContent = t('sign_in');
    }
  }

  return h('form', { class: 'signin', onsubmit: submit, 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t('sign_in')),
    stale.map((u) => h('p', { class: 'notice' }, t('sign_in_again', { name: u.name, n: u.waiting }))),
    field('site', t('site'), { value: site, autocomplete: 'organization', autocapitalize: 'off' }),
    field('username', t('username'), { value: stale[0]?.username ?? '', autocomplete: 'username',
      autocapitalize: 'off' }),
    field('password', t('password'), { type: 'password', autocomplete: 'current-password' }),
    error, button);
}
