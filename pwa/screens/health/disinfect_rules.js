// The disinfection rules as the server has them (server/rules/disinfection.py), so that
// the phone can say what is due and what is below the minimum offline: the school's own
// rules come resolved in the pulled `site` record, each room's own needs as `room_need`
// records; until the first pull, the national defaults below. The server's own verdict
// (findings, below_minimum) replaces this one at the next pull.
import { byDay, byEntity } from '../../db.js';
import { naturalId } from '../../ids.js';
import { enqueueMany } from '../../outbox.js';

export const ITEMS = ['air', 'surfaces_toys', 'tableware', 'towels', 'bedding', 'door_handles', 'toilets'];
export const UNITS = { uv: 'min', chlorine: 'mg/L', boiling: 'min', steaming: 'min', airing: 'min', sun_drying: 'h' };
export const TIMED = { uv: 60, boiling: 60, steaming: 60, airing: 60, sun_drying: 3600 };
export const DEFAULT_RULES = {
  minimum: { uv: { '*': 60 }, airing: { '*': 10 }, boiling: { tableware: 15, towels: 15, '*': 15 },
    steaming: { tableware: 10, towels: 10, '*': 10 }, sun_drying: { '*': 6 },
    chlorine: { surfaces_toys: 250, door_handles: 250, toilets: 500, '*': 250 } },
  observation_room_chlorine: 500,
  daily: { air: 2, surfaces_toys: 1, tableware: 3, towels: 1, door_handles: 1 },
  allowed_methods: { air: ['airing', 'uv'], surfaces_toys: ['chlorine', 'uv'],
    tableware: ['boiling', 'steaming', 'chlorine'], towels: ['sun_drying', 'boiling', 'steaming', 'chlorine'],
    bedding: ['sun_drying', 'uv'], door_handles: ['chlorine'], toilets: ['chlorine'] },
  outbreak: { rounds_factor: 2, chlorine_factor: 2 },
  // disinfection.record's bounds (server/rules/disinfection.py UNIT_MAX), sent beside the
  // rules in the site record: a round lasts at most a day; chlorine up to 10 %
  amount_max: 100000,
  amount_max_by_method: { uv: 1440, chlorine: 100000, boiling: 1440, steaming: 1440, airing: 1440, sun_drying: 24 },
};

// What disinfection.record's schema refuses, so that the phone refuses it before saving
// (a refusal after the sync reaches the person hours later, the round lost): the amount
// above 0 and at most the server's largest for its method, the round 1–12. null when it would pass;
// else what is wrong ('amount' or 'round').
// A site record pulled from an older server has no bound per method: its one bound then.
export const amountMax = (rules, method) => rules.amount_max_by_method?.[method]
  ?? rules.amount_max ?? DEFAULT_RULES.amount_max_by_method[method];
export function badRound(rules, { amount, round, method }) {
  if (!(Number.isFinite(amount) && amount > 0 && amount <= amountMax(rules, method))) return 'amount';
  if (!(Number.isInteger(round) && round >= 1 && round <= 12)) return 'round';
  return null;
}

// What the counting needs, read once a screen: the rules, each room's own needs
// (room id → { item: rounds }) and the classes in outbreak mode.
export async function disinfectionContext() {
  const [[site], needs, modes] = await Promise.all([byEntity('site'), byEntity('room_need'), outbreakClasses()]);
  const byRoom = new Map();
  for (const n of needs) byRoom.set(n.room_id, { ...byRoom.get(n.room_id), [n.item]: n.rounds });
  return { rules: site?.disinfection ?? DEFAULT_RULES, needs: byRoom, modes };
}

export function minimum(rules, item, method, { observation = false, outbreak = false } = {}) {
  const by = rules.minimum[method] ?? {};
  let need = by[item] ?? by['*'] ?? null;
  if (method === 'chlorine') {
    if (observation) need = Math.max(need ?? 0, rules.observation_room_chlorine);
    if (outbreak && need !== null) need *= rules.outbreak.chlorine_factor;
  }
  return need;
}

// A room's rounds a day per item: exactly its own needs if the admin set them, else the
// school's daily defaults; an item needed 0 times is not due there.
export function dailyNeeds(rules, roomNeeds = {}) {
  const own = roomNeeds && Object.keys(roomNeeds).length ? roomNeeds : rules.daily;
  return Object.fromEntries(Object.entries(own).filter(([, n]) => n));
}

export function dueRounds(ctx, room, item) {
  const n = dailyNeeds(ctx.rules, ctx.needs.get(room.id))[item] ?? 0;
  return inOutbreak(ctx.modes, room) ? n * ctx.rules.outbreak.rounds_factor : n;
}

// The dilution helper: tablets of a given available-chlorine strength in water.
export function chlorineMgPerL(tabletMg, tablets, litres) {
  if (!(litres > 0) || !(tabletMg > 0) || !(tablets > 0)) return null;
  return Math.round((tabletMg * tablets / litres) * 10) / 10;
}

// Classes in outbreak mode now ('' is the whole school).
export async function outbreakClasses() {
  return new Set((await byEntity('outbreak_mode')).filter((m) => m.on).map((m) => m.class_id ?? ''));
}

export const inOutbreak = (modes, room) => Boolean(modes.has('') || (room.class_id && modes.has(room.class_id)));

// A round: disinfection.record's args and the record kept until the server's comes back.
export async function recordRound(user, room, { date, item, round, method, amount = null,
  started_at = null, ended_at = null, note = null }) {
  const { rules, modes } = await disinfectionContext();
  const args = { room_id: room.id, date, item, round, method };
  if (amount !== null) args.amount = amount;
  if (started_at) args.started_at = started_at;
  if (ended_at) args.ended_at = ended_at;
  if (note) args.note = note;
  let value = amount;
  if (TIMED[method] && started_at && ended_at) {
    value = Math.round(((new Date(ended_at) - new Date(started_at)) / 1000 / TIMED[method]) * 10) / 10;
  }
  const need = minimum(rules, item, method, { observation: room.observation, outbreak: inOutbreak(modes, room) });
  const record = { id: naturalId(user.site_id, 'disinfection', room.id, date, item, round),
    entity: 'disinfection', room_id: room.id, class_id: room.class_id ?? null, date, item, round,
    method, amount: value, unit: UNITS[method], started_at, ended_at, note,
    below_minimum: need !== null && value < need, findings: null, recorded_by: user.id };
  return enqueueMany(user, [{ name: 'disinfection.record', args, record }]);
}

// Every round recorded for a room, an item and a day (natural ids: at most one a round).
export async function roundsOf(roomId, date) {
  return (await byDay('disinfection', date)).filter((r) => r.room_id === roomId);
}

