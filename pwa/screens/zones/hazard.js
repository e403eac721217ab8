// One hazard: its whole history, and the next step for whoever may take it — the admin
// assigns (who, by when), the assignee fixes (note, photos), someone other than the fixer
// verifies (accept, or refuse with a reason), a closed one may be reopened.
// Redrawn when a pull brings a change (another person's step, a new deadline): what is
// typed or picked in the step forms is kept (drafts), the rest shows the store as it is now.
import { byPerson } from '../../classes.js';
import { byEntity } from '../../db.js';
import { announce, h, oneTap, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { asServer } from '../../outbox.js';
import { tokenFor } from '../../session.js';
import { afterSave } from '../../sync.js';
import { schoolDateTime, today } from '../../time.js';
import { draft, enqueueAll, field, forgetDrafts, isOverdue, kept, keptError, names, photoPicker, recordsOf, thumb,
  zonesById } from './common.js';

async function step(user, hz, name, args, change) {
  await enqueueAll(user, [{ name, args: { hazard_id: hz.id, ...args }, record: { ...hz, ...change } }]);
  forgetDrafts(`hazard:${hz.id}:`);
  announce(t('z.saved'));
  afterSave();
}

// A step's form: checked here (novalidate), so that what is refused is said in the
// person's language, never by the browser's own bubble; one tap saves it once (dom.js).
function form(cls, onsubmit, ...children) {
  return h('form', { class: `zstep ${cls}`, novalidate: true,
    onsubmit: oneTap(async (e) => { e.preventDefault(); await onsubmit(); }) }, ...children);
}

// What someone typed, or nothing: a text of only spaces is no answer (the server refuses it).
const typed = (input) => input.value.trim();

function actions(user, hz, people, redraw) {
  const out = [];
  const key = `hazard:${hz.id}:`;
  const [error, say] = keptError(`hazard:${hz.id}`, 'zstep-error');
  const date = today(user.timezone);
  if (user.role === 'admin' && ['reported', 'assigned'].includes(hz.status)) {
    // Nobody is chosen for her: the first name of the list was taken when she did not look.
    const who = h('select', { required: true }, h('option', { value: '' }, t('z.choose_assignee')),
      people.filter((u) => u.active !== false && u.role !== 'parent')
        .sort(byPerson).map((u) => h('option', { value: u.id }, u.name)));
    kept(`${key}assignee`, who, hz.assignee_id ?? '');
    // A deadline already past would make it overdue at once (the server refuses it too).
    const by = kept(`${key}deadline`, h('input', { type: 'date', required: true, min: date }),
      hz.deadline && hz.deadline >= date ? hz.deadline : date);
    const [line, tell] = keptError(`${key}assign`, 'zassign-error');
    out.push(form('assign', async () => {
      if (!who.value) { tell(t('z.need_assignee')); who.focus(); return; }
      if (!by.value || by.value < date) { tell(t('z.deadline_past')); by.focus(); return; }
      await step(user, hz, 'hazard.assign', { assignee_id: who.value, deadline: by.value },
        { status: 'assigned', assignee_id: who.value, deadline: by.value });
      await redraw();
    }, h('h2', {}, t('z.assign')), field('zassignee', t('z.assignee'), who), field('zdeadline', t('z.deadline'), by),
    line, h('button', { type: 'submit', class: 'primary wide' }, t('z.assign'))));
  }
  if (hz.status === 'assigned' && (hz.assignee_id === user.id || user.role === 'admin')) {
    const note = kept(`${key}fix_note`, h('textarea', { required: true, maxlength: 1000, rows: 3 }));
    const photos = draft(`${key}fix_photos`, () => []);
    const [line, tell] = keptError(`${key}fix`, 'zfix-error');
    out.push(form('fix', async () => {
      if (!typed(note)) { tell(t('z.need_fix_note')); note.focus(); return; }
      await step(user, hz, 'hazard.fix', { note: typed(note), photos },
        { status: 'fixed', fixed_by: user.id, fix_note: typed(note), fix_photos: photos });
      await redraw();
    }, h('h2', {}, t('z.fix')), field('zfix-note', t('z.fix_note'), note),
    photoPicker(user, 'zfix-photo', photos), line, h('button', { type: 'submit', class: 'primary wide' }, t('z.fix'))));
  }
  if (hz.status === 'fixed' && ['admin', 'health'].includes(user.role)) {
    if (hz.fixed_by === user.id) out.push(h('p', { class: 'notice' }, t('z.not_own_fix')));
    else {
      const why = kept(`${key}refuse_reason`, h('input', { type: 'text', maxlength: 500 }));
      out.push(form('verify', async () => {}, h('h2', {}, t('z.verify')), field('zrefuse-reason', t('z.reason'), why),
        error,
        h('button', { type: 'button', class: 'primary', 'data-verify': 'accept', onclick: oneTap(async () => {
          await step(user, hz, 'hazard.verify', { accept: true }, { status: 'verified', verified_by: user.id });
          await redraw();
        }) }, t('z.accept')),
        h('button', { type: 'button', class: 'secondary', 'data-verify': 'refuse', onclick: oneTap(async () => {
          if (!typed(why)) { say(t('z.need_reason')); why.focus(); return; }
          await step(user, hz, 'hazard.verify', { accept: false, reason: typed(why) },
            { status: 'assigned', refused_reason: typed(why) });
          await redraw();
        }) }, t('z.refuse'))));
    }
  }
  if (hz.status === 'verified' && ['admin', 'health'].includes(user.role)) {
    const why = kept(`${key}reopen_reason`, h('input', { type: 'text', required: true, maxlength: 500 }));
    const [line, tell] = keptError(`${key}reopen`, 'zreopen-error');
    out.push(form('reopen', async () => {
      if (!typed(why)) { tell(t('z.need_reopen_reason')); why.focus(); return; }
      await step(user, hz, 'hazard.reopen', { reason: typed(why) }, { status: 'reported' });
      await redraw();
    }, h('h2', {}, t('z.reopen')), field('zreopen-reason', t('z.reason'), why),
    line, h('button', { type: 'submit', class: 'secondary wide' }, t('z.reopen'))));
  }
  return out;
}

export async function hazardScreen(user, [id], query, redraw) {
  // A step the server refused did not happen: the next step is the server's state's (marked).
  const hz = asServer((await recordsOf('hazard')).find((x) => x.id === id));
  if (!hz) return h('p', { class: 'error' }, t('z.no_such_hazard'));
  const [history, who, zones, people] = await Promise.all([byEntity('hazard_action'), names(), zonesById(), byEntity('user')]);
  const token = await tokenFor(user.id);
  const steps = history.filter((a) => a.hazard_id === id).sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const date = today(user.timezone);
  return h('div', { class: 'hazard-detail', 'data-status': hz.status },
    h('h1', {}, hz.what),
    h('p', {}, zones.get(hz.zone_id)?.name ?? t('z.no_zone'), ' · ', t(`z.sev.${hz.severity}`), ' · ',
      h('strong', { class: 'zstatus', 'data-testid': 'hazard-status' }, t(`z.status.${hz.status}`)),
      hz.assignee_id ? ` · ${t('z.assignee')} ${who.get(hz.assignee_id) ?? ''}` : '',
      hz.deadline ? ` · ${t('z.deadline')} ${hz.deadline}` : '',
      isOverdue(hz, date) ? h('strong', { class: 'zoverdue' }, ` ${t('z.overdue')}`) : ''),
    hz.refused_reason && hz.status === 'assigned' ? h('p', { class: 'notice' }, t('z.refused_because', { reason: hz.refused_reason })) : null,
    (hz.photos ?? []).length ? h('ul', { class: 'zthumbs', 'aria-label': t('z.photos') }, hz.photos.map((s) => thumb(s, token))) : null,
    h('h2', {}, t('z.history')),
    h('ol', { class: 'zhistory' }, steps.map((a) => h('li', {}, `${schoolDateTime(a.at, user.timezone)} `,
      t(`z.action.${a.action}`), ` · ${who.get(a.by) ?? ''}`, a.note ? ` · ${a.note}` : '',
      (a.photos ?? []).length ? h('ul', { class: 'zthumbs', 'aria-label': t('z.photos') }, a.photos.map((s) => thumb(s, token))) : null))),
    hz.pending ? h('p', { class: 'zhint' }, t('z.waiting_send')) : null,
    hz.refused ? h('p', { class: 'notice' }, refusedChip(hz)) : null,
    actions(user, hz, people, redraw));
}
