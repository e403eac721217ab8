// Report a hazard on its own: where, what, how serious, with photos taken now (kept on the
// phone and uploaded before the report when the network is back).
import { byName } from '../../classes.js';
import { byEntity } from '../../db.js';
import { announce, h, oneTap } from '../../dom.js';
import { t } from '../../i18n.js';
import { newId } from '../../ids.js';
import { afterSave } from '../../sync.js';
import { enqueueAll, field, photoPicker } from './common.js';

export async function reportScreen(user, parts, query) {
  const zones = (await byEntity('zone')).filter((z) => z.active !== false)
    .sort(byName);
  const where = h('select', {}, h('option', { value: '' }, t('z.no_zone')),
    zones.map((z) => h('option', { value: z.id, selected: z.id === query.get('zone') }, z.name)));
  const what = h('textarea', { required: true, maxlength: 1000, rows: 3 });
  const severity = h('select', {}, ['low', 'medium', 'high'].map((s) => h('option', { value: s, selected: s === 'medium' }, t(`z.sev.${s}`))));
  const photos = [];
  const error = h('p', { class: 'error', role: 'alert', id: 'zreport-error' });
  const submit = oneTap(async (e) => {
    e.preventDefault();
    // Only spaces pass the browser's `required`; the server refuses them.
    if (!what.value.trim()) { error.textContent = t('z.need_what'); what.focus(); return; }
    const args = { id: newId(), zone_id: where.value || null, what: what.value.trim(), severity: severity.value,
      photos: photos.slice(0, 6) };
    await enqueueAll(user, [{ name: 'hazard.report', args, record: { ...args, entity: 'hazard', status: 'reported',
      reported_by: user.id, reported_at: new Date().toISOString() } }]);
    announce(t('z.saved'));
    afterSave();
    location.hash = `#/hazard/${args.id}`;
  });
  return h('form', { class: 'zreport', onsubmit: submit },
    h('h1', {}, t('z.report')),
    field('zwhere', t('z.where'), where),
    field('zwhat', t('z.what'), what),
    field('zseverity', t('z.severity'), severity),
    photoPicker(user, 'zreport-photo', photos),
    error,
    h('button', { type: 'submit', class: 'primary wide' }, t('z.send_report')));
}
