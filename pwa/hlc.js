// Hybrid logical clock in the PROTOCOL.md format, the same algorithm as sync/hlc.py:
// "001764057492345:00000:<node>" — physical ms (15 digits), counter (5 digits), node id,
// so that string order is clock order and equal clocks break their tie by node id.
// Both are checked against tests/vectors/sync_vectors.json.

const HLC_RE = /^(\d{15}):(\d{5}):([0-9A-Za-z-]{1,64})$/;
const MAX_COUNTER = 99999;

export function parse(text) {
  const m = typeof text === 'string' && HLC_RE.exec(text);
  if (!m) throw new Error(`not an hlc: ${text}`);
  return { ms: Number(m[1]), counter: Number(m[2]), node: m[3] };
}

export function format({ ms, counter, node }) {
  return `${String(ms).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${node}`;
}

export class Clock {
  // `last` is the stamp this node made or saw last (kept in IndexedDB across restarts),
  // so the clock never runs backwards when the phone's wall clock does.
  constructor(node, last = null) {
    this.node = node;
    this.ms = last ? last.ms : 0;
    this.counter = last ? last.counter : 0;
  }

  now(wallMs) {
    if (wallMs > this.ms) {
      this.ms = wallMs;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
    return this.stamp();
  }

  receive(remote, wallMs) {
    const top = Math.max(wallMs, this.ms, remote.ms);
    if (top === this.ms && top === remote.ms) this.counter = Math.max(this.counter, remote.counter) + 1;
    else if (top === this.ms) this.counter += 1;
    else if (top === remote.ms) this.counter = remote.counter + 1;
    else this.counter = 0;
    this.ms = top;
    return this.stamp();
  }

  stamp() {
    if (this.counter > MAX_COUNTER) {
      // 100,000 events in one millisecond: move the clock on rather than wrap.
      this.ms += 1;
      this.counter = 0;
    }
    return format({ ms: this.ms, counter: this.counter, node: this.node });
  }
}
