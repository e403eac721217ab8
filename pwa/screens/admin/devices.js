// Every phone that has synced, as the server sees it: whose, which app version, when it
// last pushed and pulled, how far its clock is off, what it had refused, how many changes
// it said it still holds queued. A phone not seen for a day, with its clock far off, stuck
// on rejected changes or holding changes it could not send is flagged (the server decides
// the flags; they are drawn first and in colour).
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { adminApi, when } from './net.js';
import { exportButtons } from '../reports/net.js';
import { failed, page, table } from './ui.js';

const offset = (ms) => (ms === null || ms === undefined ? '—' : t('admin.seconds', { n: (ms / 1000).toFixed(1) }));

export async function devicesScreen(user, id, query, redraw) {
  const title = t('admin.section.devices');
  let devices;
  try {
    ({ devices } = await adminApi(user, '/devices'));
  } catch (err) {
    return failed(title, err, redraw);
  }
  // Flagged phones first: they are what the admin came for.
  devices.sort((a, b) => b.flags.length - a.flags.length);
  const flagged = devices.filter((d) => d.flags.length).length;
  const flags = (d) => (d.flags.length
    ? h('span', { class: 'flags' }, d.flags.map((f) => h('span', { class: `chip bad flag-${f}`, 'data-flag': f }, t(`admin.flag.${f}`))))
    : h('span', { class: 'chip ok' }, t('admin.flag.ok')));
  return page(title,
    flagged ? h('p', { class: 'notice', 'data-testid': 'flagged' }, t('admin.flagged', { n: flagged })) : null,
    exportButtons(user, '/api/admin/devices', 'devices'),
    devices.length ? table([
      { label: t('admin.device.user'), cell: (d) => h('span', {}, d.user ?? '?', ' ', h('code', {}, d.client_id.slice(0, 8))) },
      { label: t('admin.device.flags'), cell: flags },
      { label: t('admin.device.version'), cell: (d) => d.app_version ?? '—' },
      { label: t('admin.device.push'), cell: (d) => when(d.last_push_at, user.timezone) },
      { label: t('admin.device.pull'), cell: (d) => when(d.last_pull_at, user.timezone) },
      { label: t('admin.device.cursor'), cell: (d) => d.last_cursor ?? '—' },
      { label: t('admin.device.offset'), cell: (d) => offset(d.clock_offset_ms) },
      { label: t('admin.device.counts'), cell: (d) => `${d.pushed ?? 0} / ${d.rejected ?? 0}` },
      // As the phone last said (it says so on each push and pull): '—' before it ever did.
      { label: t('admin.device.outbox'), cell: (d) => (d.outbox === null || d.outbox === undefined ? '—'
        : h('span', { 'data-testid': 'outbox', 'data-count': String(d.outbox) },
          t('admin.device.outbox_at', { n: d.outbox, when: when(d.outbox_at, user.timezone) }))) },
      { label: t('admin.device.error'), cell: (d) => d.last_error ?? '—' }],
    devices, { rowAttrs: (d) => ({ 'data-client': d.client_id, class: d.flags.length ? 'flagged' : null }) })
      : h('p', { class: 'empty' }, t('admin.device.none')),
    h('button', { type: 'button', class: 'secondary', onclick: redraw }, t('admin.refresh')));
}
