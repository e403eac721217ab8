// The guard's patrol round: start it on a route, scan each checkpoint (a note if anything
// was seen), end it; what was missed or scanned out of order is shown.
import { byName } from '../../classes.js';
import { byEntity } from '../../db.js';
import { h, refusedChip } from '../../dom.js';
import { t } from '../../i18n.js';
import { newId } from '../../ids.js';
import { asServer } from '../../outbox.js';
import { afterSave } from '../../sync.js';
import { schoolTime, today } from '../../time.js';
import { enqueueAll, forgetDrafts, kept, keptError, recordsOf, zonesById } from './common.js';
import { scanner } from './scan.js';

function outcome(route, scans) {
  const seen = [...scans].sort((a, b) => String(a.at).localeCompare(String(b.at))).map((s) => s.zone_id);
  const missed = route.zone_ids.filter((z) => !seen.includes(z));
  const order = [...new Set(seen)].filter((z) => route.zone_ids.includes(z));
  const outOfOrder = order.join() !== route.zone_ids.filter((z) => order.includes(z)).join();
  return { missed, out_of_order: outOfOrder };
}

async function startScreen(user) {
  const date = today(user.timezone);
  const [routes, rounds] = await Promise.all([byEntity('patrol_route'),
    recordsOf('patrol_round', date).then((x) => x.map(asServer))]);
  const start = async (route) => {
    const id = newId();
    await enqueueAll(user, [{ name: 'patrol.start', args: { id, route_id: route.id, date }, record: { id,
      entity: 'patrol_round', route_id: route.id, date, started_at: new Date().toISOString(), scans: [], guard_id: user.id } }]);
    afterSave();
    location.hash = `#/patrol/${id}`;
  };
  return h('div', { class: 'patrol' }, h('h1', {}, t('z.patrol')),
    h('ul', { class: 'zlist' }, routes.sort(byName).map((r) => h('li', {}, h('span', { class: 'name' }, r.name),
      h('button', { type: 'button', class: 'primary', 'data-route': r.id, onclick: () => start(r) }, t('z.start_round'))))),
    h('h2', {}, t('z.rounds_today')),
    h('ul', { class: 'zlist' }, rounds.map((r) => h('li', {},
      h('a', { href: `#/patrol/${r.id}` }, schoolTime(r.started_at, user.timezone), ' ', r.ended_at ? t('z.ended') : t('z.running')),
      r.refused ? [' ', refusedChip(r)] : null))));
}

export async function patrolScreen(user, [roundId], query, redraw) {
  if (!roundId) return startScreen(user);
  // A scan or an end the server refused did not happen: the round is the server's, marked.
  const round = asServer((await recordsOf('patrol_round')).find((r) => r.id === roundId));
  const route = round && (await byEntity('patrol_route')).find((r) => r.id === round.route_id);
  if (!round || !route) return h('p', { class: 'error' }, t('z.no_such_round'));
  const zones = await zonesById();
  const scans = round.scans ?? [];
  // The round's screen redraws on every pull (a scan pushed before the pull that carries it
  // back would otherwise show as not done); the note being typed survives the redraw.
  const note = kept(`patrol:${roundId}:note`, h('input', { type: 'text', maxlength: 300, id: 'zpatrol-note' }));
  const [error, say] = keptError(`patrol:${roundId}`, 'zpatrol-error');
  // A tap builds on the round as the store has it then, not as this screen was drawn: a
  // pull or another scan may have landed since.
  const latest = async () => asServer((await recordsOf('patrol_round')).find((r) => r.id === roundId)) ?? round;
  const ended = Boolean(round.ended_at);
  const result = ended ? { missed: round.missed ?? [], out_of_order: round.out_of_order } : outcome(route, scans);
  const scan = async (code) => {
    const zoneId = code.split(':')[2];
    if (!code.startsWith('sanguan:zone:') || !zones.has(zoneId)) { say(t('err.wrong_code')); return; }
    const at = new Date().toISOString();
    const now = await latest();
    await enqueueAll(user, [{ name: 'patrol.scan', args: { round_id: round.id, code, note: note.value || null },
      record: { ...now, scans: [...(now.scans ?? []), { zone_id: zoneId, at, note: note.value || null }] } }]);
    forgetDrafts(`patrol:${roundId}:`);
    afterSave();
    redraw();
  };
  const end = async () => {
    const now = await latest();
    await enqueueAll(user, [{ name: 'patrol.end', args: { round_id: round.id },
      record: { ...now, ...outcome(route, now.scans ?? []), ended_at: new Date().toISOString() } }]);
    afterSave();
    redraw();
  };
  return h('div', { class: 'patrol-round', 'data-ended': String(ended) },
    h('h1', {}, route.name, ' ', h('small', {}, round.date)),
    round.refused ? h('p', { class: 'notice' }, refusedChip(round)) : null,
    h('ol', { class: 'zcheckpoints' }, route.zone_ids.map((z) => {
      const s = scans.find((x) => x.zone_id === z);
      return h('li', { class: s ? 'scanned' : (ended ? 'missed' : 'todo'), 'data-zone': z },
        zones.get(z)?.name ?? z, ' · ', s ? `${t('z.scanned')} ${schoolTime(s.at, user.timezone)}${s.note ? ` · ${s.note}` : ''}`
          : (ended ? t('z.missed') : t('z.state.todo')));
    })),
    ended || scans.length ? h('p', { class: 'zresult', 'data-testid': 'patrol-result' },
      t('z.missed_n', { n: result.missed.length }), result.out_of_order ? ` · ${t('z.out_of_order')}` : '') : null,
    ended ? null : [h('div', { class: 'zfield' }, h('label', { for: 'zpatrol-note' }, t('z.note')), note),
      scanner('zpatrol-file', scan), error,
      h('button', { type: 'button', class: 'primary wide', onclick: end }, t('z.end_round'))]);
}
