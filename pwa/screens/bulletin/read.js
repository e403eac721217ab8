// The published bulletins, read from the phone's store (pulled as entity `bulletin`), so
// staff can read them offline. Drafts never reach a phone.
import { byEntity } from '../../db.js';
import { h } from '../../dom.js';
import { getLocale, t } from '../../i18n.js';
import { tokenFor } from '../../session.js';
import { localeTime } from '../../time.js';
import { thumb } from '../zones/common.js';

export const newestFirst = (a, b) => b.week.localeCompare(a.week);

export function weekOf(b) {
  const sunday = new Date(`${b.week}T00:00:00Z`);
  sunday.setUTCDate(sunday.getUTCDate() + 6);
  return t('bulletin.week_of', { from: b.week, to: sunday.toISOString().slice(0, 10) });
}

const stamp = (iso, timeZone) => (iso ? localeTime(iso, getLocale(), timeZone, { dateStyle: 'medium', timeStyle: 'short' }) : '');

// The ranking as the records computed it: never typed, so shown beside the admin's words.
export function ranking(content) {
  if (content?.empty || !content?.classes?.length) return h('p', { class: 'empty' }, t('bulletin.empty_week'));
  return h('table', { class: 'bulletin-ranking' },
    h('caption', {}, t('bulletin.ranking')),
    h('thead', {}, h('tr', {}, ['rank', 'class', 'score', 'check_rate', 'rounds'].map((k) =>
      h('th', { scope: 'col' }, t(`bulletin.${k}`))))),
    h('tbody', {}, content.classes.map((c) => h('tr', { 'data-class': c.name },
      h('td', {}, String(c.rank)), h('th', { scope: 'row' }, c.name), h('td', {}, String(c.score)),
      h('td', {}, c.check_rate === null ? '—' : `${c.check_rate}%`), h('td', {}, String(c.rounds_done))))));
}

export function photos(shas, token) {
  if (!shas?.length) return null;
  return h('section', {}, h('h2', {}, t('bulletin.photos')),
    h('ul', { class: 'bulletin-photos' }, shas.map((sha) => {
      const li = thumb(sha, token);
      li.querySelector('img').alt = t('bulletin.photo_alt');
      return li;
    })));
}

export async function bulletinsScreen(user) {
  const all = (await byEntity('bulletin')).filter((b) => b.status === 'published').sort(newestFirst);
  return h('div', { class: 'bulletin' },
    h('h1', {}, t('bulletin.title')),
    user.role === 'admin' ? h('a', { class: 'button secondary', href: '#/bulletin-admin' }, t('bulletin.manage')) : null,
    all.length ? h('ul', { class: 'bulletin-list' }, all.map((b) => h('li', {},
      h('a', { href: `#/bulletin/${b.id}`, 'data-bulletin': b.id },
        h('strong', {}, b.title), h('small', {}, weekOf(b))))))
      : h('p', { class: 'empty', 'data-testid': 'no-bulletin' }, t('bulletin.none')));
}

export async function bulletinScreen(user, [id]) {
  const b = (await byEntity('bulletin')).find((x) => x.id === id && x.status === 'published');
  const back = h('p', {}, h('a', { class: 'button secondary', href: '#/bulletins' }, t('bulletin.back')));
  if (!b) return h('div', { class: 'bulletin' }, h('h1', {}, t('bulletin.title')), back, h('p', { class: 'notice' }, t('bulletin.not_found')));
  return h('article', { class: 'bulletin', 'data-bulletin': b.id },
    back,
    h('h1', {}, b.title),
    h('p', { class: 'bulletin-meta' }, weekOf(b), ' · ', t('bulletin.published_at', { at: stamp(b.published_at, user.timezone) })),
    h('div', { class: 'bulletin-text' }, b.text),
    ranking(b.content),
    photos(b.photos, await tokenFor(user.id)));
}
