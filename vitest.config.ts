import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Tests of SQLite itself (a file locked by another process, two processes on one file): not repeated. */
const SQLITE_ONLY = new Set(['test/faults/locked-db.test.ts', 'test/e2e/two-processes.test.ts']);

/**
 * Every test file that takes its store from `testDb()`, directly or through
 * the end-to-end harness: the ones the PostgreSQL run repeats.
 */
function storeTests(dir = 'test'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return storeTests(path);
    if (!path.endsWith('.test.ts') || SQLITE_ONLY.has(path)) return [];
    return /\b(testDb|startHarness)\(/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
// Without PostgreSQL's binaries the second run is left out, unless CI is set (CI must run it).
const withPostgres = existsSync(join(pgBin, 'initdb')) || Boolean(process.env.CI);
if (!withPostgres) console.warn(`PostgreSQL 15 not found in ${pgBin}: the PostgreSQL run is skipped.`);

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    // Two files at a time, also on two cores: many tests wait on PostgreSQL, child processes or
    // sockets rather than compute (vitest's default here would be one).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests must not depend on the machine's zone: every date test names its own.
    env: { TZ: 'Pacific/Auckland' },
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: storeTests(),
                env: { TZ: 'Pacific/Auckland', PODIUM_TEST_ENGINE: 'postgres' },
                globalSetup: ['test/support/pg-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
