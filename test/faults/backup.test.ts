import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { at, tempDir } from '../support/db.ts';
import { seedSeries } from '../support/season.ts';

const run = promisify(execFile);
let cleanup = () => {};
afterEach(() => cleanup());

describe('npm run backup', () => {
  it('copies the live database consistently while it is being written', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const db = await openStore(path);
    await seedSeries(db, at('2024-07-20 12:00', 'Asia/Shanghai'), {
      timezone: 'Asia/Shanghai',
      weekday: 4,
      time: '21:00',
      everyWeeks: 2,
      start: '2024-08-01',
      size: 18,
    });
    // The "bot" keeps writing while the backup runs.
    let writes = 0;
    const bursts: Promise<void>[] = [];
    const writer = setInterval(() => {
      bursts.push(
        db.withSqlite((file) => {
          const insert = file.prepare(
            `INSERT INTO audit_log (guild_id, actor_id, action, at) VALUES ('g', 'u', 'load', ?)`,
          );
          file.transaction(() => {
            for (let i = 0; i < 200; i += 1) {
              writes += 1;
              insert.run(writes);
            }
          })();
        }),
      );
    }, 1);
    const target = join(t.dir, 'copy.db');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/backup.ts', target], {
      env: { ...process.env, DATABASE_PATH: path },
    });
    clearInterval(writer);
    await Promise.all(bursts);
    expect(stdout).toMatch(/integrity ok/);
    expect(writes).toBeGreaterThan(0);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (sql: string) => (copy.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM roster_members')).toBe(18);
    expect(count('SELECT count(*) AS n FROM meetings')).toBe(8);
    // A transaction is in the copy whole or not at all.
    expect(count(`SELECT count(*) AS n FROM audit_log WHERE action = 'load'`) % 200).toBe(0);
    copy.close();
    await db.close();
  });

  it('refuses to overwrite a file', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    await (await openStore(path)).close();
    await expect(
      run(process.execPath, ['--import', 'tsx', 'src/backup.ts', path], {
        env: { ...process.env, DATABASE_PATH: path },
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('already exists'),
    });
  });
});
