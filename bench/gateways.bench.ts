/**
 * Issue #11: interactions handled per second with one gateway process holding
 * both shards of 2, against two processes holding one shard each, on one
 * PostgreSQL database (a throwaway cluster started here). The fake Discord
 * serves many guilds over 2 shards (one session may not hold them all); a
 * burst of `/meeting show` interactions spread over the guilds is sent with a
 * fixed number in flight, and the figure is answers per second.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open-store.ts';
import {
  chatInput,
  type FakeDiscord,
  type GuildFixture,
  makeGuildFixture,
  shardOf,
  startFakeDiscord,
} from '../test/fake-discord/server.ts';
import { type Cluster, startCluster, stopCluster } from '../test/support/pg-cluster.ts';
import { type PodiumProcess, spawnPodium } from '../test/support/podium-process.ts';
import { setUpGuildSeries } from './guild-series.ts';
import { fmt, percentile, type Row } from './stats.ts';

const GUILDS = 100;
/** Roster members per guild's series (the guild has two more: the owner and a moderator). */
const MEMBERS = 6;
const INTERACTIONS = 3000;
const WARM_UP = 300;
const IN_FLIGHT = 32;
const LINK = 'https://meet.example/x';
const TOKEN = 'bench-gateways-token'.padEnd(40, 'x');

function guilds(): GuildFixture[] {
  return Array.from({ length: GUILDS }, (_, index) =>
    makeGuildFixture({ index, members: MEMBERS + 2, channelNames: ['general', 'meetings'] }),
  );
}

/** `src/main.ts` from source, the gateway role only, for the shards `shardIds` of 2. */
function startGateway(url: string, apiBase: string, shardIds: string): PodiumProcess {
  return spawnPodium({
    ...process.env,
    ROLES: 'gateway',
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_BASE: apiBase,
    DISCORD_GUILD_ID: '',
    DATABASE_URL: url,
    LOG_LEVEL: 'info',
    SHARD_COUNT: '2',
    SHARD_IDS: shardIds,
    PORT: '0',
    PUBLIC_URL: '',
  });
}

async function loggedIn(processes: PodiumProcess[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!processes.every((p) => p.lines.some((l) => l.msg === 'logged in'))) {
    const dead = processes.find((p) => p.exited);
    if (dead) throw new Error(`a gateway process exited before logging in:\n${dead.stderr}`);
    if (Date.now() > deadline) throw new Error('the gateway processes did not log in within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Burst {
  perSecond: number;
  answered: number;
  failed: number;
  p50: number;
  p99: number;
  /**
   * CPU used during the burst, in cores: this process (the fake Discord and the load), the bot
   * processes, the PostgreSQL server, the whole machine.
   */
  cpu: { here: number; bots: number; server: number; machine: number };
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;

/** CPU seconds a process has used so far (Linux: user + system time from /proc). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The PostgreSQL server's processes: the postmaster (first line of its pid file) and its children. */
function serverPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return (
          Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === postmaster
        );
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** Sum of `cpuSecondsOf`, counting processes that are gone as nothing. */
function cpuSecondsOfAll(pids: readonly number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      sum += cpuSecondsOf(pid);
    } catch {
      // exited
    }
  }
  return sum;
}

/** CPU seconds the whole machine has been busy so far (every core, from /proc/stat). */
function machineBusySeconds(): number {
  const [, ...times] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = times.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}

/** `total` `/meeting show`s round the guilds, `IN_FLIGHT` at a time: answers per second. */
async function burst(
  fake: FakeDiscord,
  all: GuildFixture[],
  total: number,
  offset: number,
  bots: readonly number[],
  server: readonly number[],
): Promise<Burst> {
  const cpuAt = () => ({
    here: process.cpuUsage(),
    bots: cpuSecondsOfAll(bots),
    server: cpuSecondsOfAll(server),
    machine: machineBusySeconds(),
  });
  const before = cpuAt();
  let next = 0;
  let answered = 0;
  let failed = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) {
        const i = offset + next;
        next += 1;
        const guild = all[i % all.length]!;
        const t0 = performance.now();
        try {
          const body = await fake.sendInteraction({
            ...chatInput('meeting', 'show'),
            guildId: guild.id,
            channelId: guild.channels[1]!.id,
            user: guild.members[2 + (i % MEMBERS)]!.id,
          }).response;
          // The meeting shown, with its link: not an error message.
          if (!JSON.stringify(body).includes(LINK)) throw new Error('not the meeting');
          answered += 1;
          latencies.push(performance.now() - t0);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = cpuAt();
  const used = process.cpuUsage(before.here);
  return {
    cpu: {
      here: (used.user + used.system) / 1e6 / seconds,
      bots: (after.bots - before.bots) / seconds,
      server: (after.server - before.server) / seconds,
      machine: (after.machine - before.machine) / seconds,
    },
    perSecond: answered / seconds,
    answered,
    failed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Starts the processes holding `layout` (one SHARD_IDS each), sends the warm-up and the burst, stops them. */
async function run(
  fake: FakeDiscord,
  all: GuildFixture[],
  cluster: Cluster,
  url: string,
  layout: string[],
): Promise<Burst> {
  const processes = layout.map((ids) => startGateway(url, fake.apiBase, ids));
  try {
    await loggedIn(processes);
    const pids = processes.map((p) => p.proc.pid!);
    await burst(fake, all, WARM_UP, 0, pids, []);
    // After the warm-up, the processes' connections to the server are open.
    const server = serverPids(join(cluster.dir, 'data'));
    return await burst(fake, all, INTERACTIONS, WARM_UP, pids, server);
  } finally {
    for (const p of processes) p.proc.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exit));
  }
}

export async function benchGateways(): Promise<Row[]> {
  const all = guilds();
  const perShard = [0, 1].map((shard) => all.filter((g) => shardOf(g.id, 2) === shard).length);
  // One session may not hold every guild: Discord (here the fake) requires 2 shards.
  const fake = await startFakeDiscord({
    guilds: all,
    maxGuildsPerSession: Math.max(...perShard),
    recommendedShards: 2,
    maxConcurrency: 2,
  });
  const cluster = await startCluster();
  try {
    await cluster.admin.query('CREATE DATABASE bench_gateways');
    const url = `postgres://postgres@127.0.0.1:${cluster.port}/bench_gateways`;
    const db = await openStore({ url });
    const now = Date.now();
    // Eight guilds at a time: each guild's actions one after another, as its members would.
    for (let g = 0; g < all.length; g += 8)
      await Promise.all(
        all
          .slice(g, g + 8)
          .map((guild) =>
            setUpGuildSeries(db, guild, { now, members: guild.members.slice(2), link: LINK, language: 'en' }),
          ),
      );
    await db.close();

    const one = await run(fake, all, cluster, url, ['0,1']);
    const two = await run(fake, all, cluster, url, ['0', '1']);
    const ratio = two.perSecond / one.perSecond;
    const row = (what: string, b: Burst): Row => ({
      measure: `${what}: answered per second (${b.answered} answered, ${b.failed} failed or wrong), p50 / p99`,
      value: `${b.perSecond.toFixed(0)}/s · ${fmt(b.p50)} / ${fmt(b.p99)}`,
      target: 'shown',
      verdict: '',
    });
    const cpu = (what: string, b: Burst): Row => ({
      measure: `${what}: CPU in cores, bots / PostgreSQL / fake Discord and load / whole machine; bots' CPU per answer`,
      value: `${b.cpu.bots.toFixed(2)} / ${b.cpu.server.toFixed(2)} / ${b.cpu.here.toFixed(2)} / ${b.cpu.machine.toFixed(2)} of ${availableParallelism()}; ${fmt((1000 * b.cpu.bots) / b.perSecond)}`,
      target: 'for reading the above',
      verdict: '',
    });
    return [
      {
        measure: `set-up: ${GUILDS} guilds over 2 shards (${perShard.join(' + ')}), PostgreSQL, ${IN_FLIGHT} in flight`,
        value: `${INTERACTIONS} × /meeting show`,
        target: 'set-up only',
        verdict: '',
      },
      row('1 process, shards 0 and 1', one),
      cpu('1 process', one),
      row('2 processes, one shard each', two),
      cpu('2 processes', two),
      {
        measure: '2 processes / 1 process (answers per second)',
        value: `${ratio.toFixed(2)}×`,
        target: 'shown',
        verdict: '',
      },
    ];
  } finally {
    await stopCluster(cluster);
    await fake.close();
  }
}
