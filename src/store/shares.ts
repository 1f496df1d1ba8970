/** The secrets behind the season pages and calendar feeds (`migrations/008_web.sql`). */
import { type Db, stmt } from './db.ts';

/** The secret of a series' page and feed, if one was made. */
export function shareSecretOf(db: Db, seriesId: number): string | null {
  const row = stmt(db, 'SELECT secret FROM series_shares WHERE series_id = ?').get(seriesId) as
    | { secret: string }
    | undefined;
  return row?.secret ?? null;
}

/** Sets (or replaces) a series' secret: the old one stops matching at once. */
export function saveShareSecret(db: Db, seriesId: number, secret: string, now: number): void {
  stmt(
    db,
    `INSERT INTO series_shares (series_id, secret, created_at) VALUES (?, ?, ?)
     ON CONFLICT (series_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`,
  ).run(seriesId, secret, now);
}

/** The series whose secret is `secret` (active or not: the caller decides). */
export function seriesIdBySecret(db: Db, secret: string): number | null {
  const row = stmt(db, 'SELECT series_id FROM series_shares WHERE secret = ?').get(secret) as
    | { series_id: number }
    | undefined;
  return row?.series_id ?? null;
}

export function memberFeedTokenOf(db: Db, guildId: string, userId: string): string | null {
  const row = stmt(db, 'SELECT token FROM member_feeds WHERE guild_id = ? AND user_id = ?').get(
    guildId,
    userId,
  ) as { token: string } | undefined;
  return row?.token ?? null;
}

export function saveMemberFeedToken(
  db: Db,
  guildId: string,
  userId: string,
  token: string,
  now: number,
): void {
  stmt(
    db,
    `INSERT INTO member_feeds (guild_id, user_id, token, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id, user_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at`,
  ).run(guildId, userId, token, now);
}

export function memberByFeedToken(db: Db, token: string): { guildId: string; userId: string } | null {
  const row = stmt(db, 'SELECT guild_id, user_id FROM member_feeds WHERE token = ?').get(token) as
    | { guild_id: string; user_id: string }
    | undefined;
  return row ? { guildId: row.guild_id, userId: row.user_id } : null;
}
