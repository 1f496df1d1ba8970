import type { Slot, SlotSource } from '../domain/model.ts';
import type { PlanSlot } from '../domain/plan.ts';
import { type Db, stmt } from './db.ts';

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

export function slotsOfMeeting(db: Db, meetingId: number): Slot[] {
  return (
    stmt(db, 'SELECT * FROM slots WHERE meeting_id = ? ORDER BY position').all(meetingId) as SlotRow[]
  ).map(toSlot);
}

export function getSlot(db: Db, id: number): Slot | undefined {
  const row = stmt(db, 'SELECT * FROM slots WHERE id = ?').get(id) as SlotRow | undefined;
  return row && toSlot(row);
}

export function slotOfUser(db: Db, meetingId: number, userId: string): Slot | undefined {
  const row = stmt(db, 'SELECT * FROM slots WHERE meeting_id = ? AND user_id = ?').get(meetingId, userId) as
    | SlotRow
    | undefined;
  return row && toSlot(row);
}

/** Replaces a meeting's slots with the planned ones, when they differ. Returns whether anything changed. */
export function writePlannedSlots(
  db: Db,
  meetingId: number,
  planned: readonly PlanSlot[],
  now: number,
): boolean {
  const current = slotsOfMeeting(db, meetingId);
  const same =
    current.length === planned.length &&
    current.every((c, i) => {
      const p = planned[i]!;
      return c.userId === p.userId && c.source === p.source && c.pinned === p.pinned && c.title === p.title;
    });
  if (same) return false;
  bumpVersion(db, meetingId);
  stmt(db, 'DELETE FROM slots WHERE meeting_id = ?').run(meetingId);
  const insert = stmt(
    db,
    `INSERT INTO slots (meeting_id, position, user_id, source, pinned, title, title_set_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  planned.forEach((p, position) => {
    insert.run(meetingId, position, p.userId, p.source, p.pinned ? 1 : 0, p.title, p.title ? now : null);
  });
  return true;
}

/** Fills an open slot, only if it is still open. Returns false when someone else got there first. */
export function fillOpenSlot(db: Db, slotId: number, userId: string, source: SlotSource): boolean {
  const info = stmt(
    db,
    `UPDATE slots SET user_id = ?, source = ?, pinned = 1, title = NULL, title_set_at = NULL
     WHERE id = ? AND user_id IS NULL`,
  ).run(userId, source, slotId);
  if (info.changes === 1) bumpVersionOfSlot(db, slotId);
  return info.changes === 1;
}

export function setSlotMember(
  db: Db,
  slotId: number,
  change: { userId: string | null; source: SlotSource; title: string | null },
  now: number,
): void {
  stmt(
    db,
    'UPDATE slots SET user_id = ?, source = ?, pinned = 1, title = ?, title_set_at = ? WHERE id = ?',
  ).run(change.userId, change.source, change.title, change.title ? now : null, slotId);
  bumpVersionOfSlot(db, slotId);
}

export function setSlotTitle(db: Db, slotId: number, title: string | null, now: number): void {
  stmt(db, 'UPDATE slots SET title = ?, title_set_at = ? WHERE id = ?').run(
    title,
    title ? now : null,
    slotId,
  );
  bumpVersionOfSlot(db, slotId);
}

/** A meeting's presenters or titles changed: its version (the calendar SEQUENCE) goes up. */
function bumpVersion(db: Db, meetingId: number): void {
  stmt(db, 'UPDATE meetings SET version = version + 1 WHERE id = ?').run(meetingId);
}

function bumpVersionOfSlot(db: Db, slotId: number): void {
  stmt(
    db,
    'UPDATE meetings SET version = version + 1 WHERE id = (SELECT meeting_id FROM slots WHERE id = ?)',
  ).run(slotId);
}

/** Upcoming slots held by a user in a series, earliest first. */
export function upcomingSlotsOfUser(
  db: Db,
  seriesId: number,
  userId: string,
  after: number,
): (Slot & { startsAt: number })[] {
  const rows = stmt(
    db,
    `SELECT s.*, m.starts_at FROM slots s JOIN meetings m ON m.id = s.meeting_id
     WHERE m.series_id = ? AND s.user_id = ? AND m.starts_at > ? AND m.status IN ('scheduled', 'postponed')
     ORDER BY m.starts_at`,
  ).all(seriesId, userId, after) as (SlotRow & { starts_at: number })[];
  return rows.map((r) => ({ ...toSlot(r), startsAt: r.starts_at }));
}

export function insertSlot(
  db: Db,
  meetingId: number,
  position: number,
  s: { userId: string | null; source: SlotSource; title: string | null },
  now: number,
): number {
  const info = stmt(
    db,
    `INSERT INTO slots (meeting_id, position, user_id, source, pinned, title, title_set_at)
     VALUES (?, ?, ?, ?, 1, ?, ?)`,
  ).run(meetingId, position, s.userId, s.source, s.title, s.title ? now : null);
  bumpVersion(db, meetingId);
  return Number(info.lastInsertRowid);
}

/** Records that a member gave up a meeting; the plan keeps them out of it. */
export function recordRelease(db: Db, meetingId: number, userId: string, now: number): void {
  stmt(
    db,
    'INSERT INTO releases (meeting_id, user_id, released_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  ).run(meetingId, userId, now);
}

export function releasesOf(db: Db, meetingId: number): string[] {
  return (
    stmt(db, 'SELECT user_id FROM releases WHERE meeting_id = ? ORDER BY released_at').all(meetingId) as {
      user_id: string;
    }[]
  ).map((r) => r.user_id);
}
