import type { FastifyReply } from 'fastify';
import type { Names } from '../render/announcement.ts';
import type { Db } from '../store/db.ts';
import type { GatewayProbe, Metrics } from './metrics.ts';

/** What the routes share: the database, the clock, names, and the probes of the process. */
export interface WebContext {
  db: Db;
  clock: () => number;
  /** The base of the links the pages hand out. */
  publicUrl: () => string;
  names: (guildId: string, ids: readonly string[]) => Promise<Names>;
  metrics: Metrics | undefined;
  gateway: (() => GatewayProbe | null) | undefined;
  /** The one answer for anything not found, secrets that do not match included. */
  notFound(reply: FastifyReply): FastifyReply;
}
