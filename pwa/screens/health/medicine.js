// Medicine a parent hands over at the morning check (medicine.record) and each dose given
// (medicine.give). A medicine record's id is its mutation's, as on the server.
import { byDay } from '../../db.js';
import { announce, h, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { newId } from '../../ids.js';
import { counted, enqueueMany } from '../../outbox.js';
import { afterSave } from '../../sync.js';
import { deviceTime, schoolTime } from '../../time.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export async function recordMedicine(user, child, date, { medicine, dose, times, handed_by, note }) {
  const id = newId();
  const args = { child_id: child.id, date, medicine, dose, times, handed_by: handed_by || null, note: note || null };
  const record = { id, entity: 'medicine', class_id: child.class_id, ...args, given: [], recorded_by: user.id };
  await enqueueMany(user, [{ id, name: 'medicine.record', args, record }]);
}

export async function giveMedicine(user, med) {
  const at = deviceTime();
  const given = [...(med.given ?? []), { at, by: user.id }];
  await enqueueMany(user, [{ name: 'medicine.give', args: { medicine_id: med.id, at },
    record: { ...med, given } }]);
}

// The doses given: a dose the server refused was not given (the server's row under it
// counts; outbox.js settle), nor any of a handing-over it refused (no row under it).
const given = (m) => counted([m])[0]?.given ?? [];

export async function medicineSection(user, child, date) {
  const meds = (await byDay('medicine', date)).filter((m) => m.child_id === child.id);
  const error = h('p', { class: 'error', role: 'alert', id: 'med-error' });
  const field = (id, label, attrs = {}) => [h('label', { for: id }, t(label)),
    h('input', { id, name: id, autocomplete: 'off', ...attrs })];
  const [lName, name] = field('med-name', 'hc.medicine', { maxlength: 100 });
  const [lDose, dose] = field('med-dose', 'hc.dose', { maxlength: 100 });
  const [lTimes, times] = field('med-times', 'hc.times', { placeholder: '10:00 14:30', 'aria-describedby': 'med-error' });
  const [lBy, by] = field('med-by', 'hc.handed_by', { maxlength: 100 });
  const redrawSelf = async (section) => section.replaceWith(await medicineSection(user, child, date));

  async function add(e) {
    e.preventDefault();
    const list = times.value.split(/[\s,，]+/).filter(Boolean);
    if (!name.value.trim() || !dose.value.trim() || !list.length || list.length > 8 || !list.every((x) => TIME.test(x))) {
      error.textContent = t('hc.medicine_invalid');
      return;
    }
    await recordMedicine(user, child, date, { medicine: name.value.trim(), dose: dose.value.trim(),
      times: list, handed_by: by.value.trim() });
    announce(t('hc.medicine_saved'));
    afterSave();
    await redrawSelf(section);
  }

  const section = h('section', { class: 'hc-medicine', 'aria-labelledby': 'med-title' },
    h('h2', { id: 'med-title' }, t('hc.medicine_title')),
    meds.length ? h('ul', { class: 'hc-list' }, meds.map((m) => h('li', { 'data-medicine': m.id },
      h('strong', {}, `${m.medicine} ${m.dose}`), ' ', t('hc.at_times', { times: m.times.join(' ') }),
      m.handed_by ? ` · ${m.handed_by}` : '', m.refused ? [' ', refusedChip(m)] : null,
      h('div', {}, t('hc.given', { n: given(m).length }), ' ',
        given(m).map((g) => schoolTime(g.at, user.timezone)).join(' ')),
      h('button', { type: 'button', class: 'secondary', 'aria-label': t('hc.give_label', { medicine: m.medicine }),
        onclick: async () => { await giveMedicine(user, m); afterSave(); await redrawSelf(section); } },
      t('hc.give'))))) : h('p', { class: 'empty' }, t('hc.no_medicine')),
    h('form', { class: 'hc-med-form', onsubmit: add, 'aria-labelledby': 'med-add' },
      h('h3', { id: 'med-add' }, t('hc.medicine_add')),
      lName, name, lDose, dose, lTimes, times, lBy, by, error,
      h('button', { type: 'submit', class: 'secondary' }, t('hc.medicine_record'))));
  return section;
}
