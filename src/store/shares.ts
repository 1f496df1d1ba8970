/** The secrets behind the season pages and calendar feeds (`migrations/008_web.sql`). */
import type { Db } from './db.ts';

/** The secret of a series' page and feed, if one was made. */
export async function shareSecretOf(db: Db, seriesId: number): Promise<string | null> {
  const row = await db.get<{ secret: string }>('SELECT secret FROM series_shares WHERE series_id = ?', [
    seriesId,
  ]);
  return row?.secret ?? null;
}

/** Sets (or replaces) a series' secret: the old one stops matching at once. */
export async function saveShareSecret(db: Db, seriesId: number, secret: string, now: number): Promise<void> {
  await db.run(
    `INSERT INTO series_shares (series_id, secret, created_at) VALUES (?, ?, ?)
     ON CONFLICT (series_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`,
    [seriesId, secret, now],
  );
}

/** The series whose secret is `secret` (active or not: the caller decides). */
export async function seriesIdBySecret(db: Db, secret: string): Promise<number | null> {
  const row = await db.get<{ series_id: number }>('SELECT series_id FROM series_shares WHERE secret = ?', [
    secret,
  ]);
  return row?.series_id ?? null;
}

export async function memberFeedTokenOf(db: Db, guildId: string, userId: string): Promise<string | null> {
  const row = await db.get<{ token: string }>(
    'SELECT token FROM member_feeds WHERE guild_id = ? AND user_id = ?',
    [guildId, userId],
  );
  return row?.token ?? null;
}

export async function saveMemberFeedToken(
  db: Db,
  guildId: string,
  userId: string,
  token: string,
  now: number,
): Promise<void> {
  await db.run(
    `INSERT INTO member_feeds (guild_id, user_id, token, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id, user_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at`,
    [guildId, userId, token, now],
  );
}

export async function memberByFeedToken(
  db: Db,
  token: string,
): Promise<{ guildId: string; userId: string } | null> {
  const row = await db.get<{ guild_id: string; user_id: string }>(
    'SELECT guild_id, user_id FROM member_feeds WHERE token = ?',
    [token],
  );
  return row ? { guildId: row.guild_id, userId: row.user_id } : null;
}
