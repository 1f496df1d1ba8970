/**
 * `npm start` as two processes over one SQLite file, each running one gateway
 * shard of 2 (SHARD_COUNT=2, SHARD_IDS=0 or 1): every interaction reaches and
 * is answered by the process holding its guild's shard, title capture runs
 * there, and a process killed with SIGKILL and started again identifies anew
 * and serves its guilds again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chatInput,
  type FakeDiscord,
  type GuildFixture,
  type InteractionHandle,
  type RecordedRequest,
  startFakeDiscord,
} from '../fake-discord/server.ts';
import { tempDir } from '../support/db.ts';
import { killAll, type PodiumProcess, seedSeriesFile, spawnPodium } from '../support/podium-process.ts';
import { ephemeral, podiumGuild } from './harness.ts';

let fake: FakeDiscord | undefined;
const running: PodiumProcess[] = [];
let cleanup = () => {};
afterEach(async () => {
  await killAll(running);
  await fake?.close();
  fake = undefined;
  cleanup();
});

const tokenOf = (shard: number) => `shard-${shard}-token`.padEnd(40, 'x');

/** `src/main.ts` as `npm start` runs it (from source), for one shard of 2. */
function startShard(shard: number, env: Record<string, string>): PodiumProcess {
  const p = spawnPodium({
    ...process.env,
    DISCORD_GUILD_ID: '',
    LOG_LEVEL: 'debug',
    DISCORD_TOKEN: tokenOf(shard),
    SHARD_COUNT: '2',
    SHARD_IDS: String(shard),
    // Each process its own free web port: never 8080, never the other's.
    PORT: '0',
    PUBLIC_URL: '',
    ...env,
  });
  running.push(p);
  return p;
}

/** Waits for `check`; fails at once if one of `watched` exits meanwhile. */
async function until(what: string, check: () => boolean, timeoutMs = 30_000, watched: PodiumProcess[] = []) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    const dead = watched.find((p) => p.exited);
    if (dead) throw new Error(`A bot process exited while waiting for ${what}:\n${dead.stderr}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const loggedIn = (p: PodiumProcess) => p.lines.some((l) => l.msg === 'logged in');
const receivedBy = (p: PodiumProcess, handle: InteractionHandle) =>
  p.lines.some((l) => l.msg === 'interaction received' && l.interactionId === handle.id);

/** A series in the guild's meetings channel, first meeting a week from now, with its six members. */
async function seed(path: string, guild: GuildFixture): Promise<void> {
  await seedSeriesFile(path, guild, { daysAhead: 7, name: `Series of ${guild.name}`, topics: true });
}

describe('two gateway processes, one shard of 2 each', () => {
  it('answer each interaction once from the right process, capture titles there, and serve again after a kill and restart', async () => {
    const guilds = [podiumGuild(0), podiumGuild(1)];
    // One session may hold one guild: without sharding, Discord (here the fake) refuses with 4011.
    fake = await startFakeDiscord({ guilds, maxGuildsPerSession: 1 });
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    for (const guild of guilds) await seed(path, guild);
    const env = { DATABASE_PATH: path, DISCORD_API_BASE: fake.apiBase };
    const shards = [startShard(0, env), startShard(1, env)];
    await until('both processes to log in', () => shards.every(loggedIn), 30_000, shards);
    expect(shards.map((p) => p.lines.find((l) => l.msg === 'logged in'))).toMatchObject([
      { guilds: 1, shards: [0], shardCount: 2 },
      { guilds: 1, shards: [1], shardCount: 2 },
    ]);

    const show = (guild: GuildFixture) =>
      fake!.sendInteraction({
        ...chatInput('meeting', 'show'),
        guildId: guild.id,
        channelId: guild.channels[1]!.id,
      });
    const callbacks = (handle: InteractionHandle) =>
      fake!.requestsMatching('POST', new RegExp(`^/interactions/${handle.id}/[^/]+/callback$`));
    const expected = new Map<PodiumProcess, string[]>();
    const answeredBy = async (
      handle: InteractionHandle,
      guild: GuildFixture,
      p: PodiumProcess,
      other?: PodiumProcess,
    ) => {
      expected.set(p, [...(expected.get(p) ?? []), handle.id]);
      expect(await ephemeral(handle)).toContain(`Series of ${guild.name}`);
      expect(callbacks(handle)).toHaveLength(1);
      // The log line may reach the pipe a moment after the answer.
      await until('the log of the interaction', () => receivedBy(p, handle), 5000);
      if (other) expect(receivedBy(other, handle)).toBe(false);
    };
    for (let round = 0; round < 3; round++) {
      await answeredBy(show(guilds[0]!), guilds[0]!, shards[0]!, shards[1]);
      await answeredBy(show(guilds[1]!), guilds[1]!, shards[1]!, shards[0]);
    }

    // A presenter's title in the topic channel: stored and confirmed by the process of that guild.
    const reactionTo = (message: { id: string; channel_id: string }) =>
      fake!.waitForRequest(
        (r: RecordedRequest) =>
          r.method === 'PUT' &&
          r.path === `/channels/${message.channel_id}/messages/${message.id}/reactions/✅/@me`,
        10_000,
      );
    const titleIn = (guild: GuildFixture, author: number, content: string) =>
      fake!.sendMessage({
        guildId: guild.id,
        channelId: guild.channels[2]!.id,
        author: guild.members[2 + author]!.id,
        content,
      });
    for (const [index, guild] of guilds.entries()) {
      const reaction = await reactionTo(titleIn(guild, 0, `Title in guild ${index}`));
      expect(reaction.headers.authorization).toBe(`Bot ${tokenOf(index)}`);
    }

    // Kill the process of shard 1 and start it again: it identifies anew and serves guild 1.
    const killed = shards[1]!;
    killed.proc.kill('SIGKILL');
    await killed.exit;
    const restarted = startShard(1, env);
    await until('the restarted process to log in', () => loggedIn(restarted), 30_000, [restarted]);
    await answeredBy(show(guilds[1]!), guilds[1]!, restarted, shards[0]);
    await answeredBy(show(guilds[0]!), guilds[0]!, shards[0]!, restarted);
    const reaction = await reactionTo(titleIn(guilds[1]!, 1, 'Second title in guild 1'));
    expect(reaction.headers.authorization).toBe(`Bot ${tokenOf(1)}`);
    expect(fake.gatewayStats).toMatchObject({ identifies: 3, refusedIdentifies: 0 });
    expect(
      fake
        .gatewaySessions()
        .filter((s) => s.connected)
        .map((s) => s.shard),
    ).toEqual([
      [0, 2],
      [1, 2],
    ]);

    // The titles taken before and after the restart, by either process, are in the one database.
    const topics = fake.sendInteraction({
      ...chatInput('topic', 'list'),
      guildId: guilds[1]!.id,
      channelId: guilds[1]!.channels[1]!.id,
    });
    const list = await ephemeral(topics);
    expect(list).toContain('Title in guild 1');
    expect(list).toContain('Second title in guild 1');
    expected.set(restarted, [...(expected.get(restarted) ?? []), topics.id]);

    for (const p of [shards[0]!, restarted]) p.proc.kill('SIGTERM');
    expect(await Promise.all([shards[0]!.exit, restarted.exit])).toEqual([0, 0]);
    // With every log flushed: each process received exactly the interactions of its guilds.
    for (const p of [shards[0]!, killed, restarted]) {
      const got = p.lines.filter((l) => l.msg === 'interaction received').map((l) => l.interactionId);
      expect(got).toEqual(expected.get(p));
    }
  }, 120_000);

  it('with SHARD_COUNT=auto runs every shard Discord recommends in the one process', async () => {
    const guilds = [podiumGuild(0), podiumGuild(1)];
    fake = await startFakeDiscord({
      guilds,
      maxGuildsPerSession: 1,
      recommendedShards: 2,
      maxConcurrency: 2,
    });
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const p = startShard(0, {
      DATABASE_PATH: path,
      DISCORD_API_BASE: fake.apiBase,
      SHARD_COUNT: 'auto',
      SHARD_IDS: '',
    });
    await until('the process to log in', () => loggedIn(p), 30_000, [p]);
    expect(p.lines.find((l) => l.msg === 'logged in')).toMatchObject({
      guilds: 2,
      shards: [0, 1],
      shardCount: 2,
    });
    p.proc.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  }, 60_000);

  it('refuses shard ids out of range before touching the database or Discord', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const p = startShard(2, { DATABASE_PATH: join(t.dir, 'podium.db') });
    expect(await p.exit).toBe(1);
    expect(p.stderr).toContain('SHARD_IDS: shard 2 is out of range: with SHARD_COUNT=2 the shards are 0-1');
    expect(existsSync(join(t.dir, 'podium.db'))).toBe(false);
  });
});
