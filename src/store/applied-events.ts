import type { Db } from './db.ts';

const DAY = 86_400_000;

/**
 * Records that the interaction (or captured message) `id` is being applied.
 * Call it inside the transaction of the change: false means another process
 * (or an earlier delivery of the same event) applied it already, and nothing
 * must be done or answered.
 */
export async function claimEvent(
  db: Db,
  id: string,
  kind: 'interaction' | 'message',
  now: number,
): Promise<boolean> {
  const changed = await db.run(
    'INSERT INTO applied_events (id, kind, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [id, kind, now],
  );
  return changed === 1;
}

/** Forgets events applied more than a day ago: Discord never delivers one that late. */
export async function pruneAppliedEvents(db: Db, now: number): Promise<number> {
  return db.run('DELETE FROM applied_events WHERE applied_at < ?', [now - DAY]);
}

/** Whether the event was applied already (a read: no lock needed). */
export async function isApplied(db: Db, id: string): Promise<boolean> {
  return (await db.get('SELECT 1 AS one FROM applied_events WHERE id = ?', [id])) !== undefined;
}
