// Safety responsibility letters (安全责任书): mine to read and sign (a drawn signature,
// with the time, offline too), and for the admin every letter with who has not signed
// (from the phone's store) and a form to issue a post's letter for the term (online).
import { api } from '../../api.js';
import { comparePeople } from '../../classes.js';
import { byEntity } from '../../db.js';
import { announce, h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { naturalId } from '../../ids.js';
import { tokenFor } from '../../session.js';
import { afterSave, syncSoon } from '../../sync.js';
import { problem, when } from '../admin/net.js';
import { enqueueAll, field, names, recordsOf } from '../zones/common.js';
import { signatureImage, signaturePad } from './signature.js';
import { termName } from './drills.js';
import { nextTerm, schoolNow, termOf } from './rules.js';

const ROLES = ['caregiver', 'guard', 'health', 'admin'];
const sigId = (user, letterId) => naturalId(user.site_id, 'letter_signature', letterId, user.id);

export async function lettersScreen(user, parts, query, redraw) {
  const [letters, sigs, who] = await Promise.all([byEntity('safety_letter'), recordsOf('letter_signature'), names()]);
  letters.sort((a, b) => String(b.issued_at).localeCompare(String(a.issued_at)));
  const signed = new Map(sigs.map((s) => [`${s.letter_id}:${s.user_id}`, s]));
  const mine = letters.filter((l) => l.user_ids.includes(user.id));
  const row = (l) => {
    const s = signed.get(`${l.id}:${user.id}`);
    return h('li', { class: `letter ${s ? 'signed' : 'unsigned'}`, 'data-letter': l.id },
      h('a', { href: `#/letter/${l.id}` }, h('span', { class: 'name' }, l.title),
        h('small', {}, `${termName(l.term)} · `, s ? t('l.signed', { at: when(s.signed_at ?? s.device_time, user.timezone) }) : h('strong', {}, t('l.unsigned')))));
  };
  const admin = user.role === 'admin';
  return h('div', { class: 'letters' },
    h('h1', {}, t('l.title')),
    h('h2', {}, t('l.mine')),
    mine.length ? h('ul', { class: 'llist' }, mine.map(row)) : h('p', { class: 'empty' }, t('l.none')),
    admin ? [h('h2', {}, t('l.all')), h('ul', { class: 'llist all' }, letters.map((l) => {
      const missing = l.user_ids.filter((u) => !signed.has(`${l.id}:${u}`));
      return h('li', { 'data-letter': l.id, 'data-unsigned': missing.length },
        h('span', { class: 'name' }, `${l.title}（${l.post}）`),
        h('small', {}, `${termName(l.term)} · ${t('l.signed_count', { n: l.user_ids.length - missing.length, m: l.user_ids.length })}`),
        h('p', { class: missing.length ? 'lmissing' : 'lall' }, missing.length
          ? t('l.who_not', { names: missing.map((u) => who.get(u) ?? '?').sort(comparePeople).join(t('list_sep')) })
          : t('l.all_signed')));
    })), issueForm(user, redraw)] : null);
}

// Checked here (novalidate), so that what is missing is said in the person's language.
function issueForm(user, redraw) {
  const post = h('input', { maxlength: 64, required: true });
  const role = h('select', { required: true }, ROLES.map((r) => h('option', { value: r }, t(`admin.role.${r}`))));
  // A letter is for this term or the next: chosen, never typed as the server spells it.
  const now = termOf(schoolNow(user.timezone).date);
  const term = h('select', { required: true }, [['l.this_term', now], ['l.next_term', nextTerm(now)]].map(([key, value]) =>
    h('option', { value }, t(key, { term: termName(value) }))));
  const error = h('p', { class: 'error', role: 'alert', id: 'issue-error' });
  return h('form', { class: 'dform', id: 'letter-issue', novalidate: true, 'aria-label': t('l.issue'), onsubmit: oneTap(async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!post.value.trim()) { error.textContent = t('l.need_post'); post.focus(); return; }
    try {
      await api('/api/routines/letters', { method: 'POST', token: await tokenFor(user.id),
        body: { post: post.value.trim(), role: role.value, term: term.value } });
      announce(t('l.issued'));
      await syncSoon(); // the pull brings it: the list shows it when redrawn
      await redraw();
    } catch (err) {
      error.textContent = problem(err);
    }
  }) }, h('h2', {}, t('l.issue')), field('issue-post', t('l.post'), post), field('issue-role', t('l.role'), role),
  field('issue-term', t('l.term'), term), error, h('button', { type: 'submit', class: 'primary' }, t('l.issue')));
}

export async function letterScreen(user, [id]) {
  const letter = (await byEntity('safety_letter')).find((l) => l.id === id);
  if (!letter) return h('p', { class: 'notice' }, t('l.no_such'));
  const mine = (await recordsOf('letter_signature')).find((s) => s.letter_id === id && s.user_id === user.id);
  const body = h('div', { class: 'lbody' }, letter.body.split('\n').map((p) => h('p', {}, p)));
  const head = [h('h1', {}, letter.title), h('p', {}, `${letter.post} · ${termName(letter.term)}`), body];
  if (mine) {
    return h('div', { class: 'letter-view', 'data-state': 'signed' }, ...head,
      h('p', { class: 'lsigned', 'data-testid': 'signed-at' }, t('l.signed', { at: when(mine.signed_at ?? mine.device_time, user.timezone) }),
        mine.pending ? ` · ${t('r.waiting')}` : ''),
      signatureImage(mine.strokes, t('l.signature')));
  }
  if (!letter.user_ids.includes(user.id)) return h('div', { class: 'letter-view' }, ...head);
  const pad = signaturePad(t('l.sign_here'));
  const error = h('p', { class: 'error', role: 'alert', id: 'sign-error' });
  const sign = oneTap(async () => {
    const strokes = pad.path();
    if (!strokes) {
      error.textContent = t('l.need_signature');
      return;
    }
    const [m] = await enqueueAll(user, [{ name: 'letter.sign', args: { letter_id: id, strokes },
      record: { id: sigId(user, id), entity: 'letter_signature', letter_id: id, user_id: user.id, strokes } }]);
    afterSave();
    announce(t('l.signed', { at: when(m.device_time, user.timezone) }));
    location.hash = `#/letter/${id}?signed=1`;
  });
  return h('div', { class: 'letter-view', 'data-state': 'unsigned' }, ...head,
    h('p', {}, t('l.read_first')), h('p', { id: 'sign-label' }, t('l.sign_here')), pad.canvas, error,
    h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'secondary', onclick: pad.clear }, t('l.clear')),
      h('button', { type: 'button', class: 'primary', onclick: sign }, t('l.sign'))));
}
