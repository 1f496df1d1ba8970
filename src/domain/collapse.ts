/**
 * Missed reminders collapse: after downtime, when several reminders of the
 * same meeting are overdue at once, only the most advanced one that is still
 * useful is sent. The agenda supersedes the title nudge, which supersedes the
 * title request: a bot back 30 minutes before a meeting posts the agenda once,
 * not three pings in the same second. Pure.
 */

/** The reminders that form one chain per meeting, least advanced first. */
const CHAIN = ['title_request', 'title_nudge', 'agenda'] as const;

export interface OverdueRow {
  id: number;
  meetingId: number | null;
  kind: string;
  /** Where it goes (the channel, or one member's direct messages): each collapses on its own. */
  target: string;
  /** Until when the row is worth sending (see `usefulUntil`). */
  usefulUntil: number;
}

export interface Superseded {
  id: number;
  /** The row sent instead. */
  by: number;
}

/**
 * Of the pending rows due by `now`, those superseded by a more advanced
 * reminder of the same meeting to the same target that is still useful. Rows outside the chain,
 * and rows no longer useful (they go stale instead), are never superseded.
 */
export function collapseOverdue(rows: readonly OverdueRow[], now: number): Superseded[] {
  const rank = (kind: string) => CHAIN.indexOf(kind as (typeof CHAIN)[number]);
  const useful = rows.filter((r) => r.meetingId !== null && rank(r.kind) >= 0 && now <= r.usefulUntil);
  const keyOf = (row: OverdueRow) => `${row.meetingId}:${row.target}`;
  const best = new Map<string, OverdueRow>();
  for (const row of useful) {
    const current = best.get(keyOf(row));
    if (!current || rank(row.kind) > rank(current.kind)) best.set(keyOf(row), row);
  }
  return useful.flatMap((row) => {
    const winner = best.get(keyOf(row));
    return winner && winner.id !== row.id && rank(winner.kind) > rank(row.kind)
      ? [{ id: row.id, by: winner.id }]
      : [];
  });
}
