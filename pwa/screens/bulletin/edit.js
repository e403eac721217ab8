// The admin writes the bulletin (online): draft a week from its records, edit the words
// and which photos to show, publish. A published bulletin is never changed.
import { api } from '../../api.js';
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { tokenFor } from '../../session.js';
import { today } from '../../time.js';
import { problem } from '../admin/net.js';
import { failed, page } from '../admin/ui.js';
import { newestFirst, ranking, weekOf } from './read.js';
import { thumb } from '../zones/common.js';

async function call(user, path = '', { method = 'GET', body } = {}) {
  return api(`/api/bulletins${path}`, { method, body, token: await tokenFor(user.id) });
}

// Run `fn`; say what happened in `out` (a status line), then go where it leads.
function act(out, fn) {
  return async (event) => {
    event.preventDefault();
    try {
      await fn();
    } catch (err) {
      out.textContent = problem(err);
      announce(out.textContent);
    }
  };
}

async function listScreen(user, redraw) {
  const title = t('bulletin.admin_title');
  let all;
  try {
    all = (await call(user)).bulletins.sort(newestFirst);
  } catch (err) {
    return failed(title, err, redraw);
  }
  const out = h('p', { class: 'status', role: 'status' });
  const form = h('form', { class: 'bulletin-draft' },
    h('div', { class: 'field' }, h('label', { for: 'bulletin-week' }, t('bulletin.week')),
      h('input', { id: 'bulletin-week', name: 'week', type: 'date', required: true, value: today(user.timezone) })),
    h('button', { type: 'submit', class: 'primary' }, t('bulletin.draft')), out);
  form.addEventListener('submit', act(out, async () => {
    const b = await call(user, '', { method: 'POST', body: { week: form.elements.week.value } });
    announce(t('bulletin.drafted'));
    window.location.hash = `#/bulletin-admin/${b.id}`;
  }));
  return page(title, form,
    h('h2', {}, t('bulletin.all')),
    h('ul', { class: 'bulletin-list' }, all.map((b) => h('li', {},
      h('a', { href: `#/bulletin-admin/${b.id}`, 'data-bulletin': b.id, 'data-status': b.status },
        h('strong', {}, b.title), h('small', {}, weekOf(b), ' · ', t(`bulletin.st_${b.status}`)))))));
}

function editForm(user, b, token, redraw) {
  const out = h('p', { class: 'status', role: 'status' });
  const candidates = b.content?.photos ?? [];
  const form = h('form', { class: 'bulletin-edit' },
    h('div', { class: 'field' }, h('label', { for: 'bulletin-title' }, t('bulletin.edit_title')),
      h('input', { id: 'bulletin-title', name: 'title', required: true, maxlength: 200, value: b.title })),
    h('div', { class: 'field' }, h('label', { for: 'bulletin-text' }, t('bulletin.edit_text')),
      h('textarea', { id: 'bulletin-text', name: 'text', required: true, rows: 14, maxlength: 20000 }, b.text)),
    candidates.length ? h('fieldset', {}, h('legend', {}, t('bulletin.photos_pick')),
      h('ul', { class: 'bulletin-photos' }, candidates.map((sha, i) => {
        const li = thumb(sha, token);
        li.querySelector('img').alt = `${t('bulletin.photo_alt')} ${i + 1}`;
        li.append(h('label', { class: 'tick' }, h('input', { type: 'checkbox', name: 'photos', value: sha,
          checked: b.photos.includes(sha) }), `${t('bulletin.photo_alt')} ${i + 1}`));
        return li;
      }))) : null,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary', 'data-act': 'save' }, t('bulletin.save')),
      h('button', { type: 'button', class: 'primary', 'data-act': 'publish' }, t('bulletin.publish')),
      h('button', { type: 'button', class: 'secondary', 'data-act': 'redraft' }, t('bulletin.redraft'))),
    out);
  const values = () => ({ title: form.elements.title.value, text: form.elements.text.value,
    photos: [...form.querySelectorAll('input[name=photos]:checked')].map((x) => x.value) });
  form.addEventListener('submit', act(out, async () => {
    await call(user, `/${b.id}`, { method: 'PATCH', body: values() });
    out.textContent = t('bulletin.saved');
    announce(out.textContent);
  }));
  form.querySelector('[data-act=publish]').addEventListener('click', act(out, async () => {
    await call(user, `/${b.id}`, { method: 'PATCH', body: values() });
    await call(user, `/${b.id}/publish`, { method: 'POST' });
    announce(t('bulletin.published'));
    redraw();
  }));
  form.querySelector('[data-act=redraft]').addEventListener('click', act(out, async () => {
    await call(user, '', { method: 'POST', body: { week: b.week } });
    redraw();
  }));
  return form;
}

export async function bulletinAdminScreen(user, [id], query, redraw) {
  if (!id) return listScreen(user, redraw);
  const title = t('bulletin.admin_title');
  let b;
  try {
    b = await call(user, `/${id}`);
  } catch (err) {
    return failed(title, err, redraw);
  }
  const token = await tokenFor(user.id);
  const published = b.status === 'published';
  return page(title,
    h('p', {}, h('a', { class: 'button secondary', href: '#/bulletin-admin' }, t('bulletin.all'))),
    h('p', { class: 'bulletin-meta', 'data-status': b.status }, weekOf(b), ' · ', t(`bulletin.st_${b.status}`)),
    published ? [h('p', { class: 'notice' }, t('bulletin.published'), ' ', t('bulletin.is_published')),
      h('h2', {}, b.title), h('div', { class: 'bulletin-text' }, b.text)]
      : editForm(user, b, token, redraw),
    h('h2', {}, t('bulletin.figures')),
    ranking(b.content));
}
