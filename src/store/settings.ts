import type { Db } from './db.ts';

export async function organiserRoleOf(db: Db, guildId: string): Promise<string | null> {
  const row = await db.get<{ organiser_role_id: string | null }>(
    'SELECT organiser_role_id FROM guild_settings WHERE guild_id = ?',
    [guildId],
  );
  return row?.organiser_role_id ?? null;
}

export async function setOrganiserRole(
  db: Db,
  guildId: string,
  roleId: string | null,
  now: number,
): Promise<void> {
  await db.run(
    `INSERT INTO guild_settings (guild_id, organiser_role_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET organiser_role_id = excluded.organiser_role_id, updated_at = excluded.updated_at`,
    [guildId, roleId, now],
  );
}

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  const row = await db.get<{ value: string }>('SELECT value FROM app_meta WHERE key = ?', [key]);
  return row?.value;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.run(
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, value],
  );
}
