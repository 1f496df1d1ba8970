import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor, Ctx } from '../../src/app/context.ts';
import { parseDateTime } from '../../src/domain/user-input.ts';
import type { Db } from '../../src/store/db.ts';
import { memoryStore } from '../../src/store/open-store.ts';
import { freshPostgresStore, testEngine } from './engine.ts';

/**
 * A fresh store at the latest schema, migrated by the real runner, on the
 * engine this run tests (`PODIUM_TEST_ENGINE`: SQLite in memory by default,
 * or a new database on the run's throwaway PostgreSQL). Closed after the test.
 */
export async function testDb(): Promise<Db> {
  return testEngine() === 'postgres' ? freshPostgresStore() : memoryDb();
}

/** A fresh in-memory SQLite store, whatever the run's engine (tests of SQLite itself). */
export function memoryDb(): Db {
  return memoryStore();
}

/** A temp directory removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'podium-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `YYYY-MM-DD HH:mm` in an explicit zone → instant (ms). */
export function at(local: string, timeZone: string): number {
  return parseDateTime(local, timeZone);
}

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000001';
export const ORGANISER = '300000000000000001';

export function actor(userId: string, overrides: Partial<Actor> = {}): Actor {
  return { userId, guildId: GUILD, channelId: CHANNEL, canManage: false, roleIds: [], ...overrides };
}

export const organiser = (overrides: Partial<Actor> = {}): Actor =>
  actor(ORGANISER, { canManage: true, ...overrides });

export function ctx(db: Db, now: number, who: Actor): Ctx {
  return { db, now, actor: who };
}

/** Member user ids m01…mNN as Discord-like snowflakes. */
export function memberIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `4000000000000000${String(i + 1).padStart(2, '0')}`);
}
