/**
 * Two processes opening a new database at the same moment both come up: the
 * migrations take the write lock, and the second finds them applied instead
 * of failing with "table … already exists".
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { loadMigrations } from '../../src/store/migrate.ts';
import { tempDir } from '../support/db.ts';

const child = new URL('./open-child.ts', import.meta.url).pathname;
let cleanup = () => {};
afterEach(() => cleanup());

function open(path: string, startAt: number): Promise<{ code: number | null; out: string; err: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, path, String(startAt)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => {
    out += String(d);
  });
  proc.stderr.on('data', (d) => {
    err += String(d);
  });
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, out, err })));
}

describe('two processes starting at once', () => {
  it('both come up on a new database, migrated once', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const latest = loadMigrations().at(-1)!.version;
    for (let round = 0; round < 3; round += 1) {
      const path = join(t.dir, `race-${round}.db`);
      // Far enough ahead for both processes to have loaded their code.
      const startAt = Date.now() + 2500;
      const results = await Promise.all([open(path, startAt), open(path, startAt)]);
      for (const r of results) {
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        expect(r.out).toBe(String(latest));
      }
      const db = openDatabase(path);
      expect(db.pragma('user_version', { simple: true })).toBe(latest);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
  }, 60_000);
});
