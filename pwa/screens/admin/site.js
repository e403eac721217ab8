// The school itself (name, time zone: the school's day decides which checks are due) and
// its calendar: holidays with no checks due, and make-up workdays.
import { addDays } from '../../calendar.js';
import { announce, h } from '../../dom.js';
import { t } from '../../i18n.js';
import { adminApi } from './net.js';
import { action, failed, form, opt, page, table } from './ui.js';

const zones = () => (Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai']);

export async function siteScreen(user, id, query, redraw) {
  const title = t('admin.section.site');
  let site;
  try {
    site = await adminApi(user, '/site');
  } catch (err) {
    return failed(title, err, redraw);
  }
  return page(title,
    h('p', {}, `${t('site')}: `, h('code', {}, site.slug)),
    form('site', [{ key: 'name', required: true, maxlength: 200 },
      { key: 'timezone', required: true, maxlength: 64, list: 'timezones' }], site, t('admin.save'),
    async (body) => {
      await adminApi(user, '/site', { method: 'PATCH', body });
      redraw();
    }, { after: h('datalist', { id: 'timezones' }, zones().map((z) => h('option', { value: z }))) }));
}

const MOST_DAYS = 100;  // a summer's holiday; more is a slip of the year

// The days from `first` to `last`, both in; null if `last` is before `first` or too far.
function between(first, last) {
  const days = [];
  for (let day = first; day <= last && days.length <= MOST_DAYS; day = addDays(day, 1)) days.push(day);
  return days.length && days.length <= MOST_DAYS && days.at(-1) === last ? days : null;
}

export async function calendarScreen(user, id, query, redraw) {
  const title = t('admin.section.calendar');
  let calendar;
  try {
    ({ calendar } = await adminApi(user, '/calendar'));
  } catch (err) {
    return failed(title, err, redraw);
  }
  const error = h('p', { class: 'error', role: 'alert', id: 'calendar-error' });
  const set = (date, kind, note) => adminApi(user, `/calendar/${date}`, { method: 'PUT', body: { kind, note } });
  return page(title,
    calendar.length ? table([{ label: t('admin.field.date'), cell: (d) => d.date },
      { label: t('admin.field.day_kind'), cell: (d) => t(`admin.day.${d.kind}`) },
      { label: t('admin.field.note'), cell: (d) => d.note ?? '' },
      // Taking a day off the calendar makes it an ordinary day again (audited).
      { label: t('admin.calendar.remove'), cell: (d) => action(t('admin.calendar.remove'), async () => {
        await adminApi(user, `/calendar/${d.date}`, { method: 'DELETE' });
        announce(t('admin.deleted'));
        redraw();
      }, { confirmText: t('admin.calendar.remove_confirm', { date: d.date }), cls: 'danger', error,
        testid: 'remove-day', aria: t('admin.calendar.remove_day', { date: d.date }) }) }],
    calendar, { rowAttrs: (d) => ({ class: `day-${d.kind}`, 'data-date': d.date }) })
      : h('p', { class: 'empty' }, t('admin.calendar.none')),
    error,
    h('h2', {}, t('admin.calendar.set')),
    // A holiday is mostly many days (National Day, winter and summer): the first and the
    // last, each day between set in turn, rather than a save a day on a phone.
    form('calendar-day', [{ key: 'date', type: 'date', required: true },
      { key: 'date_to', type: 'date', label: t('admin.calendar.last_day') },
      { key: 'kind', label: t('admin.field.day_kind'), type: 'select', required: true, options: opt(['holiday', 'workday'], 'admin.day') },
      { key: 'note', maxlength: 100 }], { kind: 'holiday' }, t('admin.save'), async (body) => {
      const days = between(body.date, body.date_to || body.date);
      if (!days) throw new Error(t('admin.calendar.bad_range', { most: MOST_DAYS }));
      for (const day of days) await set(day, body.kind, body.note);
      redraw();
    }, { title: t('admin.calendar.set') }));
}
