/**
 * `npm run backup` and `npm run export` on both engines, as an operator runs
 * them (the scripts as child processes, from source): on PostgreSQL the
 * backup is a `pg_dump` that `pg_restore` brings back into an empty database,
 * and the export reads the season from `DATABASE_URL`; on SQLite the export
 * reads `DATABASE_PATH`. (SQLite's online backup: test/faults/backup.test.ts.)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type StoreLocation } from '../../src/store/open-store.ts';
import { podiumGuild } from '../e2e/harness.ts';
import { tempDir } from '../support/db.ts';
import { BIN } from '../support/pg-cluster.ts';
import { seedSeriesFile } from '../support/podium-process.ts';
import { postgresInstalled, usePostgres } from '../support/postgres.ts';

const run = promisify(execFile);
let cleanup = () => {};
afterEach(() => {
  cleanup();
  cleanup = () => {};
});

/** A script of `src/` with exactly these settings (no `.env` of the machine: a temp working directory). */
async function script(
  name: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  const { DATABASE_URL: _u, DATABASE_PATH: _p, ...inherited } = process.env;
  // tsx by its path: the working directory is a temp one, without node_modules.
  const tsx = pathToFileURL(join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return run(process.execPath, ['--import', tsx, join(process.cwd(), 'src', name), ...args], {
    cwd,
    env: { ...inherited, ...env },
    timeout: 60_000,
  });
}

/** Seeds one series and returns what the export must be asked for, and the name to find. */
async function seeded(where: StoreLocation): Promise<{ guildId: string; seriesId: number; name: string }> {
  const guild = podiumGuild(0);
  const name = 'Backed-up reading group';
  await seedSeriesFile(where, guild, { daysAhead: 7, name });
  const db = await openStore(where);
  try {
    const row = await db.get<{ id: number }>('SELECT id FROM series WHERE name = ?', [name]);
    return { guildId: guild.id, seriesId: row!.id, name };
  } finally {
    await db.close();
  }
}

describe('npm run export on SQLite', () => {
  it('writes the season Markdown from DATABASE_PATH', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const { guildId, seriesId, name } = await seeded({ path });
    const out = join(t.dir, 'season.md');
    await script(
      'export.ts',
      ['--guild', guildId, '--series', String(seriesId), '--out', out],
      { DATABASE_PATH: path },
      t.dir,
    );
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toContain(name);
  }, 60_000);
});

describe.skipIf(!postgresInstalled)('npm run backup and npm run export on PostgreSQL', () => {
  const postgres = usePostgres();

  it('dumps the database with pg_dump, and the dump restores into an empty database', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { name } = await seeded({ url: postgres.url });
    const file = join(t.dir, 'podium.dump');
    const { stdout } = await script('backup.ts', [file], { DATABASE_URL: postgres.url, PG_BIN: BIN }, t.dir);
    expect(existsSync(file)).toBe(true);
    expect(stdout).toContain(file);

    // Restore into a database of its own and find the series there.
    const admin = postgres.pool({ database: 'postgres' });
    await admin.query('CREATE DATABASE restored');
    const restoredUrl = postgres.url.replace(/\/[^/]+$/, '/restored');
    try {
      await run(join(BIN, 'pg_restore'), ['--no-owner', '--dbname', restoredUrl, file], { timeout: 60_000 });
      const restored = await openStore({ url: restoredUrl });
      try {
        expect(await restored.get('SELECT name FROM series')).toEqual({ name });
        const migrated = await restored.get<{ version: number }>(
          'SELECT max(version) AS version FROM schema_migrations',
        );
        expect(migrated?.version).toBe(8);
      } finally {
        await restored.close();
      }
    } finally {
      await admin.query('DROP DATABASE restored WITH (FORCE)');
    }
  }, 90_000);

  it('refuses to overwrite a file, and changes nothing', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = join(t.dir, 'taken.dump');
    const { writeFileSync, readFileSync } = await import('node:fs');
    writeFileSync(file, 'mine');
    await expect(
      script('backup.ts', [file], { DATABASE_URL: postgres.url, PG_BIN: BIN }, t.dir),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('already exists') });
    expect(readFileSync(file, 'utf8')).toBe('mine');
  }, 60_000);

  it('exports the season Markdown from DATABASE_URL', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { guildId, seriesId, name } = await seeded({ url: postgres.url });
    const { stdout } = await script(
      'export.ts',
      ['--guild', guildId, '--series', String(seriesId)],
      { DATABASE_URL: postgres.url },
      t.dir,
    );
    expect(stdout).toContain(name);
  }, 60_000);
});
