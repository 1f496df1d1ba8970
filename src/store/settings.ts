import { type Db, stmt } from './db.ts';

export function organiserRoleOf(db: Db, guildId: string): string | null {
  const row = stmt(db, 'SELECT organiser_role_id FROM guild_settings WHERE guild_id = ?').get(guildId) as
    | { organiser_role_id: string | null }
    | undefined;
  return row?.organiser_role_id ?? null;
}

export function setOrganiserRole(db: Db, guildId: string, roleId: string | null, now: number): void {
  stmt(
    db,
    `INSERT INTO guild_settings (guild_id, organiser_role_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET organiser_role_id = excluded.organiser_role_id, updated_at = excluded.updated_at`,
  ).run(guildId, roleId, now);
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = stmt(db, 'SELECT value FROM app_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  stmt(
    db,
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
