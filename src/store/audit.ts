import type { Db } from './db.ts';

export interface AuditEntry {
  id: number;
  guildId: string;
  seriesId: number | null;
  actorId: string;
  action: string;
  before: unknown;
  after: unknown;
  at: number;
}

export async function writeAudit(db: Db, e: Omit<AuditEntry, 'id'>): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO audit_log (guild_id, series_id, actor_id, action, before_json, after_json, at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      e.guildId,
      e.seriesId,
      e.actorId,
      e.action,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.at,
    ],
  );
  return row!.id;
}

interface AuditRow {
  id: number;
  guild_id: string;
  series_id: number | null;
  actor_id: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  at: number;
}

export async function latestAudit(db: Db, seriesId: number, limit: number): Promise<AuditEntry[]> {
  const rows = await db.all<AuditRow>(
    'SELECT * FROM audit_log WHERE series_id = ? ORDER BY id DESC LIMIT ?',
    [seriesId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    guildId: r.guild_id,
    seriesId: r.series_id,
    actorId: r.actor_id,
    action: r.action,
    before: r.before_json === null ? undefined : JSON.parse(r.before_json),
    after: r.after_json === null ? undefined : JSON.parse(r.after_json),
    at: r.at,
  }));
}
