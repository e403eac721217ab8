// The official forms as PDF, for what each role may print: class forms for the admin and
// the health teacher (any class) and a caregiver (her classes); the visitor register and
// the gate log for the admin and the guard; the hazard ledger for the admin and the health
// teacher.
import { byClass } from '../../classes.js';
import { byEntity } from '../../db.js';
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { today } from '../../time.js';
import { download, problem } from '../admin/net.js';

const CLASS_FORMS = { health: 'health-checks', disinfection: 'disinfection', medicine: 'medicine' };
const SCHOOL_FORMS = { visitors: ['admin', 'guard'], gate: ['admin', 'guard'], hazards: ['admin', 'health'] };
const MAY_CLASS = ['admin', 'health', 'caregiver'];

async function classesFor(user) {
  const all = (await byEntity('class')).filter((c) => c.active !== false).sort(byClass);
  return user.role === 'caregiver' ? all.filter((c) => user.class_ids.includes(c.id)) : all;
}

export async function printoutsScreen(user) {
  const out = h('p', { class: 'status', role: 'status' });
  const month = h('input', { id: 'print-month', type: 'month', required: true, value: today(user.timezone).slice(0, 7) });
  const classes = MAY_CLASS.includes(user.role) ? await classesFor(user) : [];
  const cls = h('select', { id: 'print-class' }, classes.map((c) => h('option', { value: c.id }, c.name)));

  const formButton = (form, label, withClass) => h('button', { type: 'button', class: 'secondary wide', 'data-form': form,
    onclick: async () => {
      const m = month.value;
      if (!month.reportValidity()) return;  // no month chosen: the field says so itself
      const query = `month=${encodeURIComponent(m)}${withClass ? `&class_id=${encodeURIComponent(cls.value)}` : ''}`;
      const name = `${label}-${m}${withClass ? `-${cls.selectedOptions[0]?.textContent ?? ''}` : ''}.pdf`;
      out.textContent = t('print.downloading');
      try {
        await download(user, `/api/printouts/${form}.pdf?${query}`, name);
        out.textContent = t('print.done', { name });
      } catch (err) {
        out.textContent = problem(err);
      }
      announce(out.textContent);
    } }, label);

  const school = Object.entries(SCHOOL_FORMS).filter(([, roles]) => roles.includes(user.role));
  const classPart = MAY_CLASS.includes(user.role) ? h('section', {}, h('h2', {}, t('print.class_forms')),
    classes.length ? [h('div', { class: 'field' }, h('label', { for: 'print-class' }, t('print.class')), cls),
      ...Object.entries(CLASS_FORMS).map(([key, form]) => formButton(form, t(`print.${key}`), true))]
      : h('p', { class: 'empty' }, t('print.no_class'))) : null;
  return h('div', { class: 'printouts' },
    h('h1', {}, t('print.title')),
    h('p', {}, t('print.hint')),
    h('div', { class: 'field' }, h('label', { for: 'print-month' }, t('print.month')), month),
    classPart,
    school.length ? h('section', {}, h('h2', {}, t('print.school_forms')),
      school.map(([form]) => formButton(form, t(`print.${form}`), false))) : null,
    !classPart && !school.length ? h('p', { class: 'empty' }, t('print.none')) : null,
    out);
}
