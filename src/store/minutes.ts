import type { Db } from './db.ts';

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

export async function insertMinutes(
  db: Db,
  m: { meetingId: number; authorId: string; body: string },
  now: number,
): Promise<number> {
  const row = await db.get<{ id: number }>(
    'INSERT INTO minutes (meeting_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    [m.meetingId, m.authorId, m.body, now, now],
  );
  return row!.id;
}

export async function updateMinutes(db: Db, id: number, body: string, now: number): Promise<void> {
  await db.run('UPDATE minutes SET body = ?, updated_at = ? WHERE id = ?', [body, now, id]);
}

export async function getMinutes(db: Db, id: number): Promise<Minutes | undefined> {
  const row = await db.get<Row>('SELECT * FROM minutes WHERE id = ?', [id]);
  return row && toMinutes(row);
}

export async function minutesOfMeeting(db: Db, meetingId: number): Promise<Minutes[]> {
  const rows = await db.all<Row>('SELECT * FROM minutes WHERE meeting_id = ? ORDER BY id', [meetingId]);
  return rows.map(toMinutes);
}

/** The author's summary of a meeting, if they wrote one (one per author and meeting; a second add edits it). */
export async function minutesByAuthor(
  db: Db,
  meetingId: number,
  authorId: string,
): Promise<Minutes | undefined> {
  const row = await db.get<Row>(
    'SELECT * FROM minutes WHERE meeting_id = ? AND author_id = ? ORDER BY id LIMIT 1',
    [meetingId, authorId],
  );
  return row && toMinutes(row);
}
