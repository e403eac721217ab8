// Pieces other areas add to today's dashboard, each self-contained (issue 11: the missed
// routine items). The server sends pieces: { name: { n, records, ... } } (see
// server/reports/dashboard.py PIECES); a piece without a renderer registered here is drawn
// as a number that opens its records, labelled by the message `rep.f.<name>`.
export const PIECES = new Map();

export function dashboardPiece(name, render) {
  PIECES.set(name, render);
}
