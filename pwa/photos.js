// Photos taken on the phone (issue 6): shrunk to ~1600 px on the long side as JPEG, named
// by their SHA-256 and kept in the `blobs` store until the server has them. The sync client
// uploads them (PUT /api/blobs/<sha256>) before pushing the mutations that refer to them.
// A photo leaves the store only when the server's own answer names that very photo (its
// hash and size): a captive portal's 200 page or a proxy's 413 is no such answer. A photo
// the server (or a proxy on the way) refuses stays on the phone; the mutations that use it
// go to the rejected list with the reason, and "send again" uploads it first. It leaves
// with the last of them discarded (outbox.js, forgetRejected).
import { ApiError, waitMs } from './api.js';
import { changed } from './bus.js';
import { db, tx } from './db.js';
import { markRefused } from './outbox.js';

export const LONG_SIDE = 1600;
const QUALITY = 0.85;

const SHA = /^[0-9a-f]{64}$/;

// Every photo a mutation's args refer to (photo, photos; a routine item that asks for a
// photo takes it as its value).
export function photoRefs(args = {}, name = null) {
  const refs = [...(args.photos ?? []), ...(args.photo ? [args.photo] : [])];
  if (name === 'routine.tick' && typeof args.value === 'string' && SHA.test(args.value)) refs.push(args.value);
  return refs;
}

// The kinds whose photos are evidence beside the record, not the record itself: sent
// without a photo that is lost for good, they still say what was found or done.
const PHOTO_OPTIONAL = new Set(['hazard.report', 'hazard.fix', 'visitor.register']);

// The photos of a mutation that are on this phone no more (null: it names none).
export async function lostPhotos(m) {
  const refs = photoRefs(m.args, m.name);
  if (!refs.length) return null;
  const d = await db();
  const here = await Promise.all(refs.map((s) => d.getKey('blobs', s)));
  return refs.filter((_, i) => here[i] === undefined);
}

// A mutation's args without the photos in `lost`, where the kind may go without them
// (null where it may not: a photo proof, a routine item that asks for a photo).
export function withoutPhotos(m, lost) {
  if (!PHOTO_OPTIONAL.has(m.name)) return null;
  const args = { ...m.args };
  if (args.photos) args.photos = args.photos.filter((s) => !lost.includes(s));
  if (args.photo && lost.includes(args.photo)) args.photo = null;
  return args;
}

// Shrink an image file and store it; resolves to its SHA-256 once durable.
export async function takePhoto(file, user) {
  const t0 = performance.now();
  const bytes = await shrink(file);
  const sha256 = await sha256Hex(bytes);
  await (await db()).put('blobs', { sha256, bytes, type: 'image/jpeg', size: bytes.byteLength,
    user_id: user?.id ?? null, taken_at: new Date().toISOString() });
  performance.measure('photo-stored', { start: t0, end: performance.now() });
  changed('photos', { local: true });
  return sha256;
}

async function shrink(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
  const w = Math.round(bitmap.width * scale);
  const h = Math.round(bitmap.height * scale);
  let blob;
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(w, h);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, w, h);
    blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
  } else {
    const canvas = Object.assign(document.createElement('canvas'), { width: w, height: h });
    canvas.getContext('2d').drawImage(bitmap, 0, 0, w, h);
    blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  }
  bitmap.close?.();
  return blob.arrayBuffer();
}

// A photo taken and then replaced before anything referred to it: nothing will upload it.
export async function dropPhoto(sha256) {
  await (await db()).delete('blobs', sha256);
  changed('photos', { local: true });
}

// A photo to show: from the phone while it waits, else from the server.
export async function photoUrl(sha256, token) {
  const local = await (await db()).get('blobs', sha256);
  if (local) return URL.createObjectURL(new Blob([local.bytes], { type: local.type }));
  const resp = await fetch(`/api/blobs/${sha256}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!resp.ok) return null;
  return URL.createObjectURL(await resp.blob());
}

export async function waitingPhotos() {
  return (await db()).count('blobs');
}

async function upload(sha256, rec, token) {
  let resp;
  try {
    // Given up as a request of api.js is (a photo is slower to go: its body's time), or a
    // stalled upload would hold every later sync.
    resp = await fetch(`/api/blobs/${sha256}`, { method: 'PUT', body: rec.bytes, cache: 'no-store',
      signal: AbortSignal.timeout(4 * waitMs()),
      headers: { 'Content-Type': rec.type, Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'network', String(e?.message ?? e));
  }
  if (resp.ok) {
    let body = null;
    try { body = await resp.json(); } catch { /* a portal's or a proxy's page */ }
    if (body?.sha256 === sha256 && body?.size === rec.bytes.byteLength) return null;
    // Not the server's word that it has this photo: like no answer at all, try later.
    throw new ApiError(0, 'network', 'the upload was not confirmed');
  }
  let err = {};
  try { err = (await resp.json())?.error ?? {}; } catch { /* not JSON */ }
  // 413: the server's limit, or (an HTML page) a proxy's on the school's network, often
  // nginx's 1 MB default: either way too large to go from here, whatever the code says.
  const code = resp.status === 413 ? 'photo_too_large' : err.code ?? `http_${resp.status}`;
  const e = new ApiError(resp.status, code, err.message ?? resp.statusText);
  if (e.transient || resp.status === 401) throw e;
  return e; // refused: the photo stays, its mutations wait on the rejected list
}

// Before a push: upload the photos these mutations need. Resolves to the mutations that
// may go now (those whose photos the server refused are moved to the rejected list).
export async function uploadPhotos(token, mutations) {
  const d = await db();
  const refused = new Map();
  for (const m of mutations) {
    for (const sha256 of photoRefs(m.args, m.name)) {
      if (refused.has(sha256)) continue;
      const rec = await d.get('blobs', sha256);
      if (!rec) continue; // the server has it already
      const err = await upload(sha256, rec, token);
      if (err) refused.set(sha256, err);
      else await d.delete('blobs', sha256);
      changed('photos', { local: true });
    }
  }
  if (!refused.size) return mutations;
  const bad = mutations.filter((m) => photoRefs(m.args, m.name).some((s) => refused.has(s)));
  const t = await tx(['outbox', 'rejected', 'records']);
  const writes = (await markRefused(t, bad)).concat(bad.map((m) => {
    const err = refused.get(photoRefs(m.args, m.name).find((s) => refused.has(s)));
    return [t.objectStore('rejected').put({ ...m, code: err.code, message: err.message,
      rejected_at: new Date().toISOString() }), t.objectStore('outbox').delete(m.id)];
  }).flat());
  await Promise.all([...writes, t.done]);
  changed('outbox');
  return mutations.filter((m) => !bad.includes(m));
}

// SHA-256 in hex: WebCrypto where it exists (secure contexts), else a small fallback for
// pages served over plain http on the school's LAN.
export async function sha256Hex(buffer) {
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', buffer);
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return sha256Fallback(new Uint8Array(buffer));
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

export function sha256Fallback(data) {
  const bits = data.length * 8;
  const padded = new Uint8Array(Math.ceil((data.length + 9) / 64) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);
  const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const W = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i += 1) W[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i += 1) {
      const s0 = rotr(W[i - 15], 7) ^ rotr(W[i - 15], 18) ^ (W[i - 15] >>> 3);
      const s1 = rotr(W[i - 2], 17) ^ rotr(W[i - 2], 19) ^ (W[i - 2] >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let i = 0; i < 64; i += 1) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
    }
    [a, b, c, d, e, f, g, h].forEach((v, i) => { H[i] = (H[i] + v) >>> 0; });
  }
  return [...H].map((v) => v.toString(16).padStart(8, '0')).join('');
}
