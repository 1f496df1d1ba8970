/**
 * Deliverer failover (README, "Running at scale"): two `ROLES=deliverer`
 * processes (`src/main.ts`, from source) over one SQLite file, then over one
 * PostgreSQL database (`DATABASE_URL`, a throwaway cluster), against the fake
 * Discord. The holder of the delivery lease is stopped (SIGKILL: it dies
 * holding the lease; SIGTERM: it gives the lease up), a notice is queued due
 * at that instant, and the figure is the time until the standby posts it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type StoreLocation } from '../src/store/open-store.ts';
import { enqueue } from '../src/store/outbox.ts';
import { type FakeDiscord, startFakeDiscord } from '../test/fake-discord/server.ts';
import { startCluster, stopCluster } from '../test/support/pg-cluster.ts';
import { channelOf, guildOf, seedSeries } from './seed.ts';
import { fmt, type Row, verdict } from './stats.ts';

const ROUNDS = 3;

interface Deliverer {
  proc: ChildProcess;
  exit: Promise<unknown>;
  /** Resolves when the process logs the message. */
  logged(msg: string): Promise<void>;
}

function startDeliverer(where: StoreLocation, apiBase: string): Deliverer {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ROLES: 'deliverer',
      DISCORD_TOKEN: 'bench-failover-token'.padEnd(40, 'x'),
      DISCORD_API_BASE: apiBase,
      DISCORD_GUILD_ID: '',
      DATABASE_PATH: where.path ?? '',
      DATABASE_URL: where.url ?? '',
      LOG_LEVEL: 'info',
      SHARD_COUNT: '',
      SHARD_IDS: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen = new Set<string>();
  const waiting = new Map<string, () => void>();
  let rest = '';
  proc.stdout?.on('data', (chunk) => {
    const lines = (rest + String(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const msg = (JSON.parse(line) as { msg: string }).msg;
      seen.add(msg);
      waiting.get(msg)?.();
    }
  });
  return {
    proc,
    exit: new Promise((resolve) => proc.once('exit', resolve)),
    logged: (msg) =>
      seen.has(msg) ? Promise.resolve() : new Promise((resolve) => waiting.set(msg, () => resolve())),
  };
}

const HOLDS = 'delivery lease held: this process delivers';
const STANDS_BY = 'another process holds the delivery lease: standing by, delivering nothing';

/** Stops the holder with `signal`, queues a notice due now, and times until the standby posts it. */
async function takeover(fake: FakeDiscord, where: StoreLocation, signal: 'SIGKILL' | 'SIGTERM', n: number) {
  const holder = startDeliverer(where, fake.apiBase);
  await holder.logged(HOLDS);
  const standby = startDeliverer(where, fake.apiBase);
  await standby.logged(STANDS_BY);
  const t0 = Date.now();
  holder.proc.kill(signal);
  await holder.exit;
  const db = await openStore(where);
  const id = await enqueue(
    db,
    {
      seriesId: 1,
      meetingId: null,
      kind: 'notice:pause',
      target: `failover:${n}`,
      channelId: channelOf(1),
      dueAt: t0,
      data: { from: '2099-01-01', until: '2099-01-02', reason: null, cancelled: [] },
    },
    t0,
  );
  await db.close();
  const post = await fake.waitForRequest(
    (r) => r.method === 'POST' && (r.body as { nonce?: string } | null)?.nonce === String(id),
    60_000,
  );
  standby.proc.kill('SIGTERM');
  await standby.exit;
  return post.at - t0;
}

/** Both signals, `ROUNDS` times each, over the store at `where` (seeded with one series). */
async function failovers(fake: FakeDiscord, where: StoreLocation, engine: string): Promise<Row[]> {
  const db = await openStore(where);
  await seedSeries(db, 1, Date.now(), { perGuild: 1 });
  await db.close();
  const rows: Row[] = [];
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    const times: number[] = [];
    for (let n = 0; n < ROUNDS; n += 1)
      times.push(await takeover(fake, where, signal, rows.length * ROUNDS + n));
    const worst = Math.max(...times);
    rows.push({
      measure:
        signal === 'SIGKILL'
          ? `${engine}: holder killed (SIGKILL, lease left to expire): until the standby posts, ${ROUNDS} runs`
          : `${engine}: holder stopped (SIGTERM, lease given up): until the standby posts, ${ROUNDS} runs`,
      value: times.map(fmt).join(' / '),
      target: '< 10 s',
      verdict: verdict(worst < 10_000),
    });
  }
  return rows;
}

export async function benchFailover(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-failover-'));
  const fake = await startFakeDiscord({
    guilds: [
      {
        id: guildOf(1, 1),
        name: 'Guild 1',
        ownerId: '300000000000000001',
        channels: [{ id: channelOf(1), name: 'meetings' }],
        roles: [],
        members: [],
      },
    ],
  });
  try {
    const rows = await failovers(fake, { path: join(dir, 'podium.db') }, 'SQLite');
    const cluster = await startCluster();
    try {
      await cluster.admin.query('CREATE DATABASE bench_failover');
      const url = `postgres://postgres@127.0.0.1:${cluster.port}/bench_failover`;
      // The notices' ids (the nonces waited for) start again in the new database.
      fake.clearRequests();
      rows.push(...(await failovers(fake, { url }, 'PostgreSQL')));
    } finally {
      await stopCluster(cluster);
    }
    return rows;
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
