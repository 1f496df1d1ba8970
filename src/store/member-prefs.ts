import type { Language, MemberPrefs } from '../domain/model.ts';
import { type Db, stmt } from './db.ts';

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

export function getPrefs(db: Db, guildId: string, userId: string): MemberPrefs | undefined {
  const row = stmt(db, 'SELECT * FROM member_prefs WHERE guild_id = ? AND user_id = ?').get(
    guildId,
    userId,
  ) as PrefsRow | undefined;
  return row && toPrefs(row);
}

/** Turns DM reminders on or off (clearing an earlier refusal) and records the member's language. */
export function setDmEnabled(
  db: Db,
  p: { guildId: string; userId: string; enabled: boolean; language: Language },
  now: number,
): void {
  stmt(
    db,
    `INSERT INTO member_prefs (guild_id, user_id, dm_enabled, locale, dm_refused_at, updated_at)
     VALUES (?, ?, ?, ?, NULL, ?)
     ON CONFLICT (guild_id, user_id) DO UPDATE SET dm_enabled = excluded.dm_enabled, locale = excluded.locale,
       dm_refused_at = NULL, updated_at = excluded.updated_at`,
  ).run(p.guildId, p.userId, p.enabled ? 1 : 0, p.language, now);
}

/** Records the language seen on a member's interaction, only for members with settings and only when it changed. */
export function noteLanguage(db: Db, guildId: string, userId: string, language: Language, now: number): void {
  const row = stmt(db, 'SELECT locale FROM member_prefs WHERE guild_id = ? AND user_id = ?').get(
    guildId,
    userId,
  ) as { locale: string | null } | undefined;
  if (!row || row.locale === language) return;
  stmt(db, 'UPDATE member_prefs SET locale = ?, updated_at = ? WHERE guild_id = ? AND user_id = ?').run(
    language,
    now,
    guildId,
    userId,
  );
}

/** Members of a guild who want DM reminders and whose DMs Discord has not refused. */
export function dmRecipients(db: Db, guildId: string): Set<string> {
  return new Set(
    (
      stmt(
        db,
        `SELECT user_id FROM member_prefs INDEXED BY prefs_dm_by_guild
         WHERE guild_id = ? AND dm_enabled = 1 AND dm_refused_at IS NULL`,
      ).all(guildId) as { user_id: string }[]
    ).map((r) => r.user_id),
  );
}

export function markDmRefused(db: Db, guildId: string, userId: string, now: number): void {
  stmt(
    db,
    'UPDATE member_prefs SET dm_refused_at = ?, updated_at = ? WHERE guild_id = ? AND user_id = ?',
  ).run(now, now, guildId, userId);
}
