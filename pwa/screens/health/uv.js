// The UV lamp timer: its start and planned end are stored (settings 'uv_timers'), so it
// keeps running while the app is closed. The round is recorded when the time is up, or
// the next time the app is opened after it ended, with the planned end as its end.
import { getSetting, setSetting } from '../../db.js';
import { changed } from '../../bus.js';
import { afterSave } from '../../sync.js';
import { deviceTime } from '../../time.js';
import { recordRound } from './disinfect_rules.js';

const KEY = 'uv_timers';
let ticking = null;

export async function timers() {
  return getSetting(KEY, []);
}

export async function startUv(user, room, { date, item, round, minutes }) {
  const start = new Date();
  const end = new Date(start.getTime() + minutes * 60000);
  const timer = { id: `${room.id}:${date}:${item}:${round}`, user: { id: user.id, site_id: user.site_id },
    room: { id: room.id, class_id: room.class_id ?? null, observation: Boolean(room.observation), name: room.name },
    date, item, round, started_at: deviceTime(start), ends_at: deviceTime(end) };
  const list = (await timers()).filter((x) => x.id !== timer.id);
  await setSetting(KEY, [...list, timer]);
  changed('uv');
  watch();
  return timer;
}

// Record a timer's round: at its planned end, or now when stopped early (then it is
// below the minimum, and kept and flagged as such).
export async function finish(timer, endedAt = timer.ends_at) {
  const list = await timers();
  if (!list.some((x) => x.id === timer.id)) return false; // another tab did it
  // The round is queued before its timer is let go: a page closed in between records it
  // again on the next open, under the same natural id, rather than losing it.
  await recordRound(timer.user, timer.room, { date: timer.date, item: timer.item, round: timer.round,
    method: 'uv', started_at: timer.started_at, ended_at: endedAt });
  await setSetting(KEY, (await timers()).filter((x) => x.id !== timer.id));
  afterSave();
  return true;
}

// One pass at a time in this page: a tick must not record a round the previous pass is
// still recording.
let passing = Promise.resolve(0);
export function finishDue(now = Date.now()) {
  passing = passing.catch(() => 0).then(() => finishDueNow(now));
  return passing;
}

async function finishDueNow(now) {
  let n = 0;
  for (const timer of await timers()) {
    if (new Date(timer.ends_at).getTime() <= now && await finish(timer)) n += 1;
  }
  if (n) changed('uv');
  return n;
}

// While the app is open: look every few seconds (a page in the background may be frozen;
// the next open catches up).
export function watch() {
  if (ticking) return;
  ticking = setInterval(async () => {
    const list = await timers();
    if (!list.length) { clearInterval(ticking); ticking = null; return; }
    finishDue();
  }, 2000);
  finishDue();
}
