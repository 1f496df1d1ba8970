import type { Slot, SlotSource } from '../domain/model.ts';
import type { PlanSlot } from '../domain/plan.ts';
import type { Db } from './db.ts';

interface SlotRow {
  id: number;
  meeting_id: number;
  position: number;
  user_id: string | null;
  source: string;
  pinned: number;
  title: string | null;
}

function toSlot(r: SlotRow): Slot {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    position: r.position,
    userId: r.user_id,
    source: r.source as SlotSource,
    pinned: r.pinned === 1,
    title: r.title,
  };
}

export async function slotsOfMeeting(db: Db, meetingId: number): Promise<Slot[]> {
  const rows = await db.all<SlotRow>('SELECT * FROM slots WHERE meeting_id = ? ORDER BY position', [
    meetingId,
  ]);
  return rows.map(toSlot);
}

export async function getSlot(db: Db, id: number): Promise<Slot | undefined> {
  const row = await db.get<SlotRow>('SELECT * FROM slots WHERE id = ?', [id]);
  return row && toSlot(row);
}

export async function slotOfUser(db: Db, meetingId: number, userId: string): Promise<Slot | undefined> {
  const row = await db.get<SlotRow>('SELECT * FROM slots WHERE meeting_id = ? AND user_id = ?', [
    meetingId,
    userId,
  ]);
  return row && toSlot(row);
}

/** Replaces a meeting's slots with the planned ones, when they differ. Returns whether anything changed. */
export async function writePlannedSlots(
  db: Db,
  meetingId: number,
  planned: readonly PlanSlot[],
  now: number,
): Promise<boolean> {
  const current = await slotsOfMeeting(db, meetingId);
  const same =
    current.length === planned.length &&
    current.every((c, i) => {
      const p = planned[i]!;
      return c.userId === p.userId && c.source === p.source && c.pinned === p.pinned && c.title === p.title;
    });
  if (same) return false;
  await bumpVersion(db, meetingId);
  await db.run('DELETE FROM slots WHERE meeting_id = ?', [meetingId]);
  for (const [position, p] of planned.entries()) {
    await db.run(
      `INSERT INTO slots (meeting_id, position, user_id, source, pinned, title, title_set_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [meetingId, position, p.userId, p.source, p.pinned ? 1 : 0, p.title, p.title ? now : null],
    );
  }
  return true;
}

/** Fills an open slot, only if it is still open. Returns false when someone else got there first. */
export async function fillOpenSlot(
  db: Db,
  slotId: number,
  userId: string,
  source: SlotSource,
): Promise<boolean> {
  const changed = await db.run(
    `UPDATE slots SET user_id = ?, source = ?, pinned = 1, title = NULL, title_set_at = NULL
     WHERE id = ? AND user_id IS NULL`,
    [userId, source, slotId],
  );
  if (changed === 1) await bumpVersionOfSlot(db, slotId);
  return changed === 1;
}

export async function setSlotMember(
  db: Db,
  slotId: number,
  change: { userId: string | null; source: SlotSource; title: string | null },
  now: number,
): Promise<void> {
  await db.run(
    'UPDATE slots SET user_id = ?, source = ?, pinned = 1, title = ?, title_set_at = ? WHERE id = ?',
    [change.userId, change.source, change.title, change.title ? now : null, slotId],
  );
  await bumpVersionOfSlot(db, slotId);
}

export async function setSlotTitle(db: Db, slotId: number, title: string | null, now: number): Promise<void> {
  await db.run('UPDATE slots SET title = ?, title_set_at = ? WHERE id = ?', [
    title,
    title ? now : null,
    slotId,
  ]);
  await bumpVersionOfSlot(db, slotId);
}

/** A meeting's presenters or titles changed: its version (the calendar SEQUENCE) goes up. */
async function bumpVersion(db: Db, meetingId: number): Promise<void> {
  await db.run('UPDATE meetings SET version = version + 1 WHERE id = ?', [meetingId]);
}

async function bumpVersionOfSlot(db: Db, slotId: number): Promise<void> {
  await db.run(
    'UPDATE meetings SET version = version + 1 WHERE id = (SELECT meeting_id FROM slots WHERE id = ?)',
    [slotId],
  );
}

/** Upcoming slots held by a user in a series, earliest first. */
export async function upcomingSlotsOfUser(
  db: Db,
  seriesId: number,
  userId: string,
  after: number,
): Promise<(Slot & { startsAt: number })[]> {
  const rows = await db.all<SlotRow & { starts_at: number }>(
    `SELECT s.*, m.starts_at FROM slots s JOIN meetings m ON m.id = s.meeting_id
     WHERE m.series_id = ? AND s.user_id = ? AND m.starts_at > ? AND m.status IN ('scheduled', 'postponed')
     ORDER BY m.starts_at, m.id`,
    [seriesId, userId, after],
  );
  return rows.map((r) => ({ ...toSlot(r), startsAt: r.starts_at }));
}

export async function insertSlot(
  db: Db,
  meetingId: number,
  position: number,
  s: { userId: string | null; source: SlotSource; title: string | null },
  now: number,
): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO slots (meeting_id, position, user_id, source, pinned, title, title_set_at)
     VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id`,
    [meetingId, position, s.userId, s.source, s.title, s.title ? now : null],
  );
  await bumpVersion(db, meetingId);
  return row!.id;
}

/** Records that a member gave up a meeting; the plan keeps them out of it. */
export async function recordRelease(db: Db, meetingId: number, userId: string, now: number): Promise<void> {
  await db.run(
    'INSERT INTO releases (meeting_id, user_id, released_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [meetingId, userId, now],
  );
}

export async function releasesOf(db: Db, meetingId: number): Promise<string[]> {
  const rows = await db.all<{ user_id: string }>(
    'SELECT user_id FROM releases WHERE meeting_id = ? ORDER BY released_at, user_id',
    [meetingId],
  );
  return rows.map((r) => r.user_id);
}
