// Classes in the order a kindergarten lists them: by grade (小班, 中班, 大班), then by name
// with its numbers read as numbers, Chinese or not (小二班 before 小十班, 小三班 before
// 小二十班), the rest of the name as names sort. server/school.py's class_order is the
// same, so the phone and the server's reports list classes alike.
import { byEntity, getSetting } from './db.js';
import { t } from './i18n.js';
import { schoolClock, today } from './time.js';

// Names (children, staff, rooms, zones) in the order people look them up: by pinyin,
// 邓 before 冯 before 郭, whichever language the app speaks. The browser's collation for zh-CN is
// ICU's, as server/school.py's name_key, so a roster reads the same on the phone and on
// the printed forms. One collator for every sort: localeCompare(…, 'zh-CN') builds one
// per comparison, which costs tens of ms on a list of 600.
const collator = new Intl.Collator('zh-CN');
export const compareNames = (x, y) => collator.compare(String(x ?? ''), String(y ?? ''));
export const byName = (a, b) => compareNames(a.name, b.name);

// Surnames whose reading is not their character's usual one (曾 is Zēng as a surname, and
// céng otherwise): a person's name starting with one sorts as if written with a character
// of the surname's reading, so 曾 comes under Z as in any roster. server/school.py has the
// same table (SURNAMES).
export const SURNAMES = new Map(Object.entries({
  曾: '增', 单: '善', 解: '谢', 区: '欧', 仇: '求', 查: '渣', 覃: '秦', 翟: '宅', 种: '虫', 召: '绍',
  折: '舌', 句: '勾', 秘: '必', 繁: '婆', 尉迟: '玉迟', 万俟: '莫其',
}));

function asRead(name) {
  const s = String(name ?? '');
  const two = SURNAMES.get(s.slice(0, 2));
  if (two) return two + s.slice(2);
  const one = SURNAMES.get(s.slice(0, 1));
  return one ? one + s.slice(1) : s;
}

// People (children, staff, adults, visitors) by name, surnames read as surnames.
export const comparePeople = (x, y) => collator.compare(asRead(x), asRead(y)) || compareNames(x, y);
export const byPerson = (a, b) => comparePeople(a.name, b.name);

const GRADES = ['small', 'middle', 'large'];
const DIGITS = '〇零一二三四五六七八九';
const NUMBER = /[〇零一二三四五六七八九十]+|[0-9]+/g;

function digit(ch) {
  return Math.max(0, DIGITS.indexOf(ch) - 1);
}

// '十一' → 11, '二十' → 20, '二〇' → 20, '12' → 12
export function readNumeral(run) {
  if (/^[0-9]+$/.test(run)) return Number(run);
  const ten = run.indexOf('十');
  if (ten < 0) return [...run].reduce((n, ch) => n * 10 + digit(ch), 0);
  const tens = ten === 0 ? 1 : readNumeral(run.slice(0, ten));
  const ones = run.slice(ten + 1);
  return tens * 10 + (ones ? readNumeral(ones) : 0);
}

// The name with each number written as eight digits, so names compare as people count.
function sortable(name) {
  return String(name ?? '').replace(NUMBER, (run) => String(readNumeral(run)).padStart(8, '0'));
}

function rank(grade) {
  const i = GRADES.indexOf(grade);
  return i < 0 ? GRADES.length : i;
}

export function byClass(a, b) {
  const [x, y] = [sortable(a.name), sortable(b.name)];
  return rank(a.grade) - rank(b.grade) || compareNames(x, y);
}

// Children away ill: child id → the day their open follow-up (因病缺勤追踪) began, for
// those not checked back in since. At the morning check the caregiver sees who is
// expected to stay away, and whom to ask how they are when they come back.
export async function awayIll(date) {
  const followups = await byEntity('followup');
  return new Map(followups.filter((f) => f.status === 'open' && !f.returned_on && f.opened_on < date)
    .map((f) => [f.child_id, f.opened_on]));
}

// Who "mark the rest normal" leaves out, for a check of their own, and why (a message
// key and its values): a child away ill (awayIll), whose normal check would say she was
// seen and close her follow-up as returned; and at the noon check a child abnormal or
// absent at the morning's, whom someone should look at. `morning` is her morning check
// today, if any.
export function ownCheckReason(childId, session, ill, morning) {
  if (ill.has(childId)) return { key: 'away_ill_since', day: ill.get(childId).slice(5) };
  if (session !== 'morning' && ['abnormal', 'absent'].includes(morning?.status)) {
    return { key: `own_check.morning_${morning.status}` };
  }
  return null;
}

// The children of `unchecked` a bulk "normal" leaves out, as [child, reason] pairs.
export function leftOutOfRest(unchecked, session, ill, morningOf) {
  return unchecked.map((k) => [k, ownCheckReason(k.id, session, ill, morningOf(k.id))])
    .filter(([, why]) => why);
}

// What is said of them: who, and why each is left out.
export function leftOutText(pairs) {
  const list = pairs.map(([k, why]) => t('left_out_item', { child: k.name, why: t(why.key, why) }));
  return t('left_out', { n: pairs.length, list: list.join(t('list_sep')) });
}

// The follow-ups a day's view lists (server/api/health.py followups_on): today (or a day to
// come) those open now, the health teacher's work; a past day those open on that day,
// opened by then and not closed before it (one this phone closed, not yet sent, was
// closed today).
export function followupsOn(followups, date, timeZone) {
  if (date >= today(timeZone)) return followups.filter((f) => f.status === 'open');
  return followups.filter((f) => f.opened_on <= date && (f.status === 'open' || !f.closed_at
    || schoolClock(timeZone, new Date(f.closed_at)).date >= date));
}

// The classes a person sees (a caregiver her own; everyone's for staff) in that order, and
// their children by name.
export async function rosterOf(user) {
  const [classes, children] = await Promise.all([byEntity('class'), byEntity('child')]);
  const mine = user.role === 'caregiver' ? new Set(user.class_ids) : null;
  const shown = classes.filter((c) => c.active !== false && (!mine || mine.has(c.id))).sort(byClass);
  const ids = new Set(shown.map((c) => c.id));
  const kids = children.filter((c) => c.active !== false && ids.has(c.class_id))
    .sort(byPerson);
  return { classes: shown, kids };
}

// Why a roster is empty, and what to do: a caregiver not yet given a class, a school
// with no classes or no children yet (the admin adds them), or a phone that has not
// pulled its first list. It said "downloads when online" to a caregiver online all along.
export async function emptyRosterText(user, classes) {
  if (user.role === 'caregiver' && !(user.class_ids ?? []).length) return t('no_class_yet');
  if (!(await getSetting('last_sync'))) return t('no_children');
  const admin = user.role === 'admin';
  if (!classes.length) return t(admin ? 'no_classes_admin' : 'no_classes');
  return t(admin ? 'no_children_admin' : 'no_children_yet');
}
