import { type Db, stmt } from './db.ts';

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

export function writeAudit(db: Db, e: Omit<AuditEntry, 'id'>): number {
  const info = stmt(
    db,
    'INSERT INTO audit_log (guild_id, series_id, actor_id, action, before_json, after_json, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    e.guildId,
    e.seriesId,
    e.actorId,
    e.action,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
    e.at,
  );
  return Number(info.lastInsertRowid);
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

export function latestAudit(db: Db, seriesId: number, limit: number): AuditEntry[] {
  return (
    stmt(db, 'SELECT * FROM audit_log WHERE series_id = ? ORDER BY id DESC LIMIT ?').all(
      seriesId,
      limit,
    ) as AuditRow[]
  ).map((r) => ({
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
