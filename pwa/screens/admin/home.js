// The admin's start page: every part of setting up and running the school, one link each.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { missedPanel } from '../routines/missed.js';

export const SECTIONS = ['site', 'settings', 'staff', 'classes', 'children', 'rooms', 'zones', 'gate-times',
  'equipment', 'patrol-routes', 'calendar', 'staff-absences', 'block-list', 'devices', 'audit', 'import'];

export async function homeScreen(user) {
  if (user.role !== 'admin') return h('p', { class: 'notice' }, t('err.forbidden'));
  return h('div', { class: 'admin' },
    h('h1', {}, t('admin.title')),
    h('p', {}, t('admin.online_only')),
    // What the school does with the records: the day at a glance, the scorecard, the charts.
    h('p', {}, h('a', { href: '#/reports', class: 'button primary', 'data-testid': 'reports' }, t('rep.today'))),
    await missedPanel(user),
    h('ul', { class: 'admin-menu' }, SECTIONS.map((s) =>
      h('li', {}, h('a', { href: `#/admin/${s}`, class: 'button secondary' }, t(`admin.section.${s}`)))),
    // A new school starts with no routine checklists: where to load and edit them.
    h('li', {}, h('a', { href: '#/routine-templates', class: 'button secondary' }, t('r.templates')))));
}
