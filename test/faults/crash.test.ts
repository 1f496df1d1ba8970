/**
 * Crash anywhere: a bot process runs a simulated season against the fake
 * Discord and is killed with SIGKILL at random moments (between a send and
 * its mark included). After every restart it carries on; in the end every
 * post a straight run makes was delivered exactly once, and nothing else.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { at, CHANNEL, tempDir } from '../support/db.ts';
import { podiumGuildFixture } from '../support/fixtures.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Asia/Shanghai';
const child = new URL('./season-child.ts', import.meta.url).pathname;
let fake: FakeDiscord | undefined;
let cleanup = () => {};
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  cleanup();
});

function guild() {
  return [podiumGuildFixture()];
}

function runChild(path: string, apiBase: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child, path, apiBase], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

/** A random number from a seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function season(
  dir: string,
  name: string,
  apiBase: string,
  kill: (() => number) | null,
): Promise<{ kills: number }> {
  const path = join(dir, name);
  const db = await openStore(path);
  await seedSeries(db, at('2024-07-20 12:00', TZ), {
    timezone: TZ,
    weekday: 4,
    time: '21:00',
    everyWeeks: 2,
    start: '2024-08-01',
    size: 8,
  });
  await db.close();
  let kills = 0;
  for (let round = 0; round < 200; round += 1) {
    const proc = runChild(path, apiBase);
    let stderr = '';
    proc.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const done = exited(proc);
    if (kill) {
      const timer = setTimeout(() => proc.kill('SIGKILL'), kill());
      const code = await done;
      clearTimeout(timer);
      if (code === 0) return { kills };
      if (proc.signalCode !== 'SIGKILL') throw new Error(`child failed (${code}): ${stderr}`);
      kills += 1;
    } else {
      const code = await done;
      if (code !== 0) throw new Error(`child failed (${code}): ${stderr}`);
      return { kills };
    }
  }
  throw new Error('the season never finished');
}

describe('crash anywhere', () => {
  it('delivers every useful post exactly once across SIGKILLs at random points', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    fake = await startFakeDiscord({ guilds: guild() });
    await season(t.dir, 'straight.db', fake.apiBase, null);
    const straight = fake.messages(CHANNEL).map((m) => `${m.nonce}`);
    expect(straight.length).toBeGreaterThan(20);
    await fake.close();

    fake = await startFakeDiscord({ guilds: guild() });
    const rnd = random(20261125);
    // Kill early in start-up as often as in the middle of a season's delivery.
    const { kills } = await season(t.dir, 'crashy.db', fake.apiBase, () => 200 + Math.floor(rnd() * 1600));
    expect(kills).toBeGreaterThanOrEqual(3);
    const crashy = fake.messages(CHANNEL).map((m) => `${m.nonce}`);
    // The same outbox rows (same ids: the two databases were built alike) were posted, once each.
    expect(new Set(crashy).size).toBe(crashy.length);
    expect([...crashy].sort()).toEqual([...straight].sort());
    // Nothing was sent twice even at the HTTP level without the nonce saving it... except retries of a lost mark.
    const posts = fake.requestsMatching('POST', /\/channels\/\d+\/messages$/);
    expect(posts.every((r) => (r.body as { enforce_nonce?: boolean }).enforce_nonce === true)).toBe(true);
  }, 300_000);
});
