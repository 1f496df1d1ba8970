/**
 * Another process holds the database's write lock for 10 seconds. Reads still
 * answer at once; a command that must write gives up within about a second
 * with SQLITE_BUSY (the dispatcher turns that into "busy, try again"),
 * changing nothing; the scheduler sends nothing it could not mark, and
 * catches up once the lock is gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimSlot } from '../../src/app/claimSlot.ts';
import { releaseSlot } from '../../src/app/releaseSlot.ts';
import { showMeeting } from '../../src/app/showMeeting.ts';
import { t } from '../../src/i18n/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { deliverDue } from '../../src/scheduler/deliver.ts';
import { isBusy } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open-store.ts';
import { ephemeral, seedSeries as seedHarness, startHarness, stopHarnesses } from '../e2e/harness.ts';
import { actor, at, ctx, tempDir } from '../support/db.ts';
import { RecordingPoster } from '../support/recording-poster.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Asia/Shanghai';
let cleanup = () => {};
let holder: ChildProcess | undefined;
let stopBot = async () => {};
afterEach(async () => {
  holder?.kill('SIGKILL');
  await stopBot();
  stopBot = async () => {};
  cleanup();
});

/** Starts a process that takes the write lock, says so, holds it for `ms`, then commits. */
function holdLock(path: string, ms: number): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(path)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO app_meta (key, value) VALUES ('lock', 'held') ON CONFLICT (key) DO UPDATE SET value = 'held'").run();
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
    db.exec('COMMIT');
    db.close();`;
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => proc.stdout?.once('data', () => resolve(proc)));
}

describe('a database locked by another process', () => {
  it('through Discord: reads are answered, a write is told "busy, try again" within 3 s, and works once the lock is gone', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'podium.db');
    const db = await openStore(path);
    const h = await startHarness({ db });
    stopBot = () => stopHarnesses();
    const series = await seedHarness(h);
    const presenter = h.members[0];
    holder = await holdLock(path, 10_000);
    const exited = new Promise((resolve) => holder?.once('exit', resolve));

    let t0 = Date.now();
    expect(await ephemeral(h.run('meeting', 'show', {}, { user: h.members[4] }))).toContain('Kernel SIG');
    expect(Date.now() - t0).toBeLessThan(3000);

    t0 = Date.now();
    const before = await db.withSqlite((file) => file.serialize());
    const busy = await ephemeral(h.run('slot', 'release', {}, { user: presenter }));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(busy).toBe(t('en', 'error.busy'));
    expect((await db.withSqlite((file) => file.serialize())).equals(before)).toBe(true);

    await exited;
    expect(await ephemeral(h.run('slot', 'release', {}, { user: presenter }))).not.toBe(
      t('en', 'error.busy'),
    );
    expect(series.id).toBe(1);
  }, 30_000);

  it('keeps reads instant, refuses writes quickly and unchanged, and lets the scheduler wait and catch up', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const db = await openStore(path);
    const now = at('2024-07-30 21:00', TZ); // the first title requests are due
    const { members } = await seedSeries(db, at('2024-07-20 12:00', TZ), {
      timezone: TZ,
      weekday: 4,
      time: '21:00',
      everyWeeks: 2,
      start: '2024-08-01',
      size: 6,
    });
    await releaseSlot(ctx(db, at('2024-07-20 12:00', TZ), actor(members[0]!)), {});
    const poster = new RecordingPoster(() => now);
    const deps = { db, poster, log: silentLogger() };

    holder = await holdLock(path, 10_000);
    const exited = new Promise((resolve) => holder?.once('exit', resolve));
    const lockedAt = Date.now();

    let t0 = Date.now();
    const view = await showMeeting(ctx(db, now, actor(members[5]!)), {});
    expect(Date.now() - t0).toBeLessThan(500);
    expect(view.slots.map((s) => s.userId)).toEqual([null, members[1]]);

    t0 = Date.now();
    let caught: unknown;
    try {
      await claimSlot(ctx(db, now, actor(members[5]!)), {});
    } catch (error) {
      caught = error;
    }
    expect(isBusy(caught)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3000);

    t0 = Date.now();
    const report = await deliverDue(deps, now);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(report.sent).toBe(0);
    expect(poster.attempts).toHaveLength(0);

    await exited;
    expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(9_000);
    const after = await deliverDue(deps, now + 10_000);
    expect(after.sent).toBeGreaterThan(0);
    expect(poster.messages.map((m) => m.kind)).toContain('title_request');
    // Once the lock is gone the claim goes through.
    expect(
      (await claimSlot(ctx(db, now + 10_000, actor(members[5]!)), {})).slots.map((s) => s.userId),
    ).toEqual([members[5], members[1]]);
    await db.close();
  }, 30_000);
});
