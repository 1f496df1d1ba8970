import { type Db, stmt } from './db.ts';

const DAY = 86_400_000;

/**
 * Records that the interaction (or captured message) `id` is being applied.
 * Call it inside the transaction of the change: false means another process
 * (or an earlier delivery of the same event) applied it already, and nothing
 * must be done or answered.
 */
export function claimEvent(db: Db, id: string, kind: 'interaction' | 'message', now: number): boolean {
  return (
    stmt(db, 'INSERT INTO applied_events (id, kind, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(
      id,
      kind,
      now,
    ).changes === 1
  );
}

/** Forgets events applied more than a day ago: Discord never delivers one that late. */
export function pruneAppliedEvents(db: Db, now: number): number {
  return stmt(db, 'DELETE FROM applied_events WHERE applied_at < ?').run(now - DAY).changes;
}

/** Whether the event was applied already (a read: no lock needed). */
export function isApplied(db: Db, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM applied_events WHERE id = ?').get(id) !== undefined;
}
