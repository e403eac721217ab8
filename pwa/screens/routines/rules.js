// The routine rules on the phone, the same as server/rules/routines.py: when an item is
// due, whether a tick is in its window, which term a day is in. Dates are 'YYYY-MM-DD'
// in the school's zone; times 'HH:MM'.
import { addDays, isOpen, weekday } from '../../calendar.js';
import { naturalId } from '../../ids.js';

// The school's wall clock: its date ('YYYY-MM-DD') and time ('HH:MM') among the rest.
export { schoolClock as schoolNow } from '../../time.js';

// calendar: Map date → 'holiday' | 'workday' (the school's exceptions, from the feed)
export { isOpen };

function daysOfMonth(date) {
  const [y, m] = date.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${date.slice(0, 8)}${String(i + 1).padStart(2, '0')}`);
}

// daily: every school day; weekly: once a week (Monday to Sunday) with a school day, on its
// weekday, or when the school is closed that day the first school day after it that week,
// or else the last one before it; monthly: the first school day on or after its day of
// the month.
export function dueOn(item, date, calendar) {
  if (!isOpen(date, calendar)) return false;
  const freq = item.freq ?? 'daily';
  if (freq === 'daily') return true;
  if (freq === 'weekly') {
    const week = Array.from({ length: 7 }, (_, i) => addDays(date, i - weekday(date)));
    const at = item.weekday ?? 0;
    const open = (d) => isOpen(d, calendar);
    return date === (week.slice(at).find(open) ?? week.slice(0, at).findLast(open));
  }
  const from = item.monthday ?? 1;
  const first = daysOfMonth(date).find((d) => Number(d.slice(8)) >= from && isOpen(d, calendar));
  return first === date;
}

// A tick at local date+time for the item due on `date`: on_time, late or early.
export function timing(item, date, nowDate, nowTime) {
  if (nowDate > date || (nowDate === date && item.end && nowTime > item.end)) return 'late';
  if (nowDate < date || (item.start && nowTime < item.start)) return 'early';
  return 'on_time';
}

export const inWindow = (item, time) => (!item.start || time >= item.start) && (!item.end || time <= item.end);
export const overdue = (item, time) => Boolean(item.end) && time > item.end;

// Spring from 1 March, autumn from 1 September (January and February: the autumn before).
export function termOf(date) {
  const [y, m] = date.split('-').map(Number);
  if (m >= 3 && m <= 8) return `${y}-spring`;
  return `${m >= 9 ? y : y - 1}-autumn`;
}

// The term after `term` ('2026-autumn' → '2027-spring').
export function nextTerm(term) {
  const [y, season] = term.split('-');
  return season === 'spring' ? `${y}-autumn` : `${Number(y) + 1}-spring`;
}

export const tickId = (siteId, templateId, key, date, owner) =>
  naturalId(siteId, 'routine_tick', templateId, key, date, owner);

export const DRILL_KINDS = ['fire', 'earthquake', 'intruder'];
