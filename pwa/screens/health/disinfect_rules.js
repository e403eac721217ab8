// The disinfection rules as the server has them (server/rules/disinfection.py, the site's
// defaults), so that the phone can say what is due and what is below the minimum offline.
// The server's own verdict (findings, below_minimum) replaces this one at the next pull.
import { byEntity } from '../../db.js';
import { naturalId } from '../../ids.js';
import { enqueueMany } from '../../outbox.js';

export const ITEMS = ['air', 'surfaces_toys', 'tableware', 'towels', 'bedding', 'door_handles', 'toilets'];
export const UNITS = { uv: 'min', chlorine: 'mg/L', boiling: 'min', steaming: 'min', airing: 'min', sun_drying: 'h' };
export const TIMED = { uv: 60, boiling: 60, steaming: 60, airing: 60, sun_drying: 3600 };
export const DAILY = { air: 2, surfaces_toys: 1, tableware: 3, towels: 1, door_handles: 1 };
export const ALLOWED = { air: ['airing', 'uv'], surfaces_toys: ['chlorine', 'uv'],
  tableware: ['boiling', 'steaming', 'chlorine'], towels: ['sun_drying', 'boiling', 'steaming', 'chlorine'],
  bedding: ['sun_drying', 'uv'], door_handles: ['chlorine'], toilets: ['chlorine'] };
const MINIMUM = { uv: { '*': 60 }, airing: { '*': 10 }, boiling: { '*': 15 }, steaming: { '*': 10 },
  sun_drying: { '*': 6 }, chlorine: { toilets: 500, '*': 250 } };
const OUTBREAK = { rounds: 2, chlorine: 2 };

export function minimum(item, method, { observation = false, outbreak = false } = {}) {
  const by = MINIMUM[method] ?? {};
  let need = by[item] ?? by['*'] ?? null;
  if (method === 'chlorine') {
    if (observation) need = Math.max(need ?? 0, 500);
    if (outbreak && need !== null) need *= OUTBREAK.chlorine;
  }
  return need;
}

export const dueRounds = (item, outbreak) => (DAILY[item] ?? 0) * (outbreak ? OUTBREAK.rounds : 1);

// The dilution helper: tablets of a given available-chlorine strength in water.
export function chlorineMgPerL(tabletMg, tablets, litres) {
  if (!(litres > 0) || !(tabletMg > 0) || !(tablets > 0)) return null;
  return Math.round((tabletMg * tablets / litres) * 10) / 10;
}

// Classes in outbreak mode now ('' is the whole school).
export async function outbreakClasses() {
  return new Set((await byEntity('outbreak_mode')).filter((m) => m.on).map((m) => m.class_id ?? ''));
}

export const inOutbreak = (modes, room) => modes.has('') || (room.class_id && modes.has(room.class_id));

// A round: disinfection.record's args and the record kept until the server's comes back.
export async function recordRound(user, room, { date, item, round, method, amount = null,
  started_at = null, ended_at = null, note = null }) {
  const modes = await outbreakClasses();
  const args = { room_id: room.id, date, item, round, method };
  if (amount !== null) args.amount = amount;
  if (started_at) args.started_at = started_at;
  if (ended_at) args.ended_at = ended_at;
  if (note) args.note = note;
  let value = amount;
  if (TIMED[method] && started_at && ended_at) {
    value = Math.round(((new Date(ended_at) - new Date(started_at)) / 1000 / TIMED[method]) * 10) / 10;
  }
  const need = minimum(item, method, { observation: room.observation, outbreak: inOutbreak(modes, room) });
  const record = { id: naturalId(user.site_id, 'disinfection', room.id, date, item, round),
    entity: 'disinfection', room_id: room.id, class_id: room.class_id ?? null, date, item, round,
    method, amount: value, unit: UNITS[method], started_at, ended_at, note,
    below_minimum: need !== null && value < need, findings: null, recorded_by: user.id };
  return enqueueMany(user, [{ name: 'disinfection.record', args, record }]);
}

// Every round recorded for a room, an item and a day (natural ids: at most one a round).
export async function roundsOf(roomId, date) {
  return (await byEntity('disinfection')).filter((r) => r.room_id === roomId && r.date === date);
}

