import { type Db, stmt } from './db.ts';

export interface Minutes {
  id: number;
  meetingId: number;
  authorId: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  meeting_id: number;
  author_id: string;
  body: string;
  created_at: number;
  updated_at: number;
}

function toMinutes(r: Row): Minutes {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    authorId: r.author_id,
    body: r.body,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function insertMinutes(
  db: Db,
  m: { meetingId: number; authorId: string; body: string },
  now: number,
): number {
  const info = stmt(
    db,
    'INSERT INTO minutes (meeting_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  ).run(m.meetingId, m.authorId, m.body, now, now);
  return Number(info.lastInsertRowid);
}

export function updateMinutes(db: Db, id: number, body: string, now: number): void {
  stmt(db, 'UPDATE minutes SET body = ?, updated_at = ? WHERE id = ?').run(body, now, id);
}

export function getMinutes(db: Db, id: number): Minutes | undefined {
  const row = stmt(db, 'SELECT * FROM minutes WHERE id = ?').get(id) as Row | undefined;
  return row && toMinutes(row);
}

export function minutesOfMeeting(db: Db, meetingId: number): Minutes[] {
  return (stmt(db, 'SELECT * FROM minutes WHERE meeting_id = ? ORDER BY id').all(meetingId) as Row[]).map(
    toMinutes,
  );
}

/** The author's summary of a meeting, if they wrote one (one per author and meeting; a second add edits it). */
export function minutesByAuthor(db: Db, meetingId: number, authorId: string): Minutes | undefined {
  const row = stmt(
    db,
    'SELECT * FROM minutes WHERE meeting_id = ? AND author_id = ? ORDER BY id LIMIT 1',
  ).get(meetingId, authorId) as Row | undefined;
  return row && toMinutes(row);
}
