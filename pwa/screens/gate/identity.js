// Identity documents on the phone, mirroring server/rules/identity.py: the mainland ID
// card's check digit (GB 11643-1999) for instant feedback, the mask shown everywhere, and
// the block-list hash sha256(`${site_id}:${number}`) so the guard is alerted offline.
// The hash comes from @noble/hashes, not crypto.subtle: the school's LAN may serve the app
// over plain http, where crypto.subtle is missing, and a synchronous hash keeps the
// registration tap inside one IndexedDB transaction's budget.
import { sha256 } from '@noble/hashes/sha2.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export const normalise = (n) => String(n ?? '').replace(/\s+/g, '').toUpperCase();

// null when valid, else the message key of what is wrong.
export function cnIdProblem(number) {
  const n = normalise(number);
  if (!/^\d{17}[\dX]$/.test(n)) return 'gate.id_format';
  const [y, m, d] = [n.slice(6, 10), n.slice(10, 12), n.slice(12, 14)].map(Number);
  const born = new Date(Date.UTC(y, m - 1, d));
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) {
    return 'gate.id_birth';
  }
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(n[i]), 0);
  return CHECK[sum % 11] === n[17] ? null : 'gate.id_check';
}

export function mask(number) {
  const n = normalise(number);
  if (!n) return null;
  if (n.length <= 7) return '*'.repeat(n.length);
  return n.slice(0, 3) + '*'.repeat(n.length - 7) + n.slice(-4);
}

export function idHash(siteId, number) {
  const n = normalise(number);
  if (!n) return null;
  const bytes = sha256(new TextEncoder().encode(`${siteId}:${n}`));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The server's rule (server/mutations/gate.py block_entry_for), for a visitor and for the
// adult at pick-up alike: the number decides when both sides have one (a namesake with
// another number is not the person); without one on either side, the name does. An adult
// at pick-up shows no document: an entry made with a number matches him by name.
export function blockMatch(entries, name, hash) {
  return entries.find((e) => e.active !== false &&
    ((hash && e.id_hash === hash) || ((!e.id_hash || !hash) && e.name === name))) ?? null;
}

// "张大伟本人", "本人", "himself": the parent named as confirming is the unlisted adult
// himself (server/mutations/gate.py same_person).
const SELF = /[他她]?(?:本人|自己)|himself|herself|themselves|self|\s+/gi;
export function samePerson(confirmedBy, adultName) {
  const by = confirmedBy.replace(SELF, '').toLowerCase();
  return !by || by === adultName.replace(/\s+/g, '').toLowerCase();
}
