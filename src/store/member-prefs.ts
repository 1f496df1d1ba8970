import type { Language, MemberPrefs } from '../domain/model.ts';
import type { Db } from './db.ts';

interface PrefsRow {
  guild_id: string;
  user_id: string;
  dm_enabled: number;
  locale: string | null;
  dm_refused_at: number | null;
}

function toPrefs(r: PrefsRow): MemberPrefs {
  return {
    guildId: r.guild_id,
    userId: r.user_id,
    dmEnabled: r.dm_enabled === 1,
    language: r.locale === 'zh-CN' || r.locale === 'en' ? r.locale : null,
    dmRefusedAt: r.dm_refused_at,
  };
}

export async function getPrefs(db: Db, guildId: string, userId: string): Promise<MemberPrefs | undefined> {
  const row = await db.get<PrefsRow>('SELECT * FROM member_prefs WHERE guild_id = ? AND user_id = ?', [
    guildId,
    userId,
  ]);
  return row && toPrefs(row);
}

/** Turns DM reminders on or off (clearing an earlier refusal) and records the member's language. */
export async function setDmEnabled(
  db: Db,
  p: { guildId: string; userId: string; enabled: boolean; language: Language },
  now: number,
): Promise<void> {
  await db.run(
    `INSERT INTO member_prefs (guild_id, user_id, dm_enabled, locale, dm_refused_at, updated_at)
     VALUES (?, ?, ?, ?, NULL, ?)
     ON CONFLICT (guild_id, user_id) DO UPDATE SET dm_enabled = excluded.dm_enabled, locale = excluded.locale,
       dm_refused_at = NULL, updated_at = excluded.updated_at`,
    [p.guildId, p.userId, p.enabled ? 1 : 0, p.language, now],
  );
}

/** Records the language seen on a member's interaction, only for members with settings and only when it changed. */
export async function noteLanguage(
  db: Db,
  guildId: string,
  userId: string,
  language: Language,
  now: number,
): Promise<void> {
  const row = await db.get<{ locale: string | null }>(
    'SELECT locale FROM member_prefs WHERE guild_id = ? AND user_id = ?',
    [guildId, userId],
  );
  if (!row || row.locale === language) return;
  await db.run('UPDATE member_prefs SET locale = ?, updated_at = ? WHERE guild_id = ? AND user_id = ?', [
    language,
    now,
    guildId,
    userId,
  ]);
}

/** Members of a guild who want DM reminders and whose DMs Discord has not refused (index prefs_dm_by_guild). */
export async function dmRecipients(db: Db, guildId: string): Promise<Set<string>> {
  const rows = await db.all<{ user_id: string }>(
    `SELECT user_id FROM member_prefs
     WHERE guild_id = ? AND dm_enabled = 1 AND dm_refused_at IS NULL`,
    [guildId],
  );
  return new Set(rows.map((r) => r.user_id));
}

export async function markDmRefused(db: Db, guildId: string, userId: string, now: number): Promise<void> {
  await db.run(
    'UPDATE member_prefs SET dm_refused_at = ?, updated_at = ? WHERE guild_id = ? AND user_id = ?',
    [now, now, guildId, userId],
  );
}
