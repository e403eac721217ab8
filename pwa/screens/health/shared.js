// What the health screens share: the server's vocabularies (server/mutations/checks.py),
// the classes and children a person sees, and a check as args + local record.
import { byEntity } from '../../db.js';
import { checkSession, chooseCheckSession } from '../../time.js';

export { rosterOf } from '../../classes.js';
export { SESSIONS } from '../../time.js';
export const SYMPTOMS = ['fever', 'cough', 'sore_throat', 'rash', 'hfm_blisters', 'diarrhoea',
  'vomiting', 'red_eyes', 'swollen_glands', 'fatigue', 'other'];
export const ACTIONS = ['observe', 'isolate', 'sent_home', 'parent_told'];
export const REASONS = ['ill', 'personal', 'unknown'];

// The session being checked (pwa/time.js checkSession): the school's clock's, or chosen.
export const currentSession = (user) => checkSession(user?.timezone);
export const chooseSession = (user, s) => chooseCheckSession(user?.timezone, s);

export const isStaff = (user) => ['health', 'admin'].includes(user.role);


export async function userNames() {
  return new Map((await byEntity('user')).map((u) => [u.id, u.name]));
}

// check.record's args and the record the phone keeps until the server's comes back.
export { checkItem } from '../../outbox.js';

// One class-session from its checks: 零报告 is made from the records, never typed — all
// children checked, nobody abnormal, nobody absent for illness.
export function sessionSummary(kids, checks) {
  const ids = new Set(kids.map((k) => k.id));
  const mine = checks.filter((c) => ids.has(c.child_id));
  const abnormal = mine.filter((c) => c.status === 'abnormal').length;
  const ill = mine.filter((c) => c.status === 'absent' && c.absence_reason === 'ill').length;
  const absent = mine.filter((c) => c.status === 'absent').length;
  const done = kids.length > 0 && mine.length >= kids.length;
  // By instant: a check queued here says its time with the phone's offset, one pulled in UTC.
  const times = mine.map((c) => c.device_time).filter(Boolean).sort((a, b) => new Date(a) - new Date(b));
  return { expected: kids.length, checked: mine.length, abnormal, absent, absent_ill: ill,
    normal: mine.filter((c) => c.status === 'normal').length, done,
    zero_report: done && abnormal === 0 && ill === 0,
    recorded_by: [...new Set(mine.map((c) => c.recorded_by).filter(Boolean))],
    first_at: times[0] ?? null, last_at: times[times.length - 1] ?? null };
}

