// Who keeps the gate: the gate's home and its log are theirs. Apart from data.js so that
// the gate area's nav (drawn at start) need not load the gate's screens.
export const GATE = new Set(['guard', 'admin']);
