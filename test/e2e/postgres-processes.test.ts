/**
 * Podium past one machine (README, "Running at scale"): four real processes
 * (`npm start` from source) on one PostgreSQL database and the fake Discord
 * serving two guilds over 2 shards. Two gateway processes (one shard each)
 * and two deliverer candidates: every interaction is answered once by the
 * process holding its guild's shard, every reminder and notice is posted
 * once; the active deliverer is killed and the other takes over within 10 s;
 * a gateway process is killed and started again and serves its guild again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { planAhead } from '../../src/scheduler/plan-ahead.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open-store.ts';
import {
  chatInput,
  type FakeDiscord,
  type GuildFixture,
  INTERACTION_CALLBACK,
  type InteractionHandle,
  MESSAGE_POST,
  startFakeDiscord,
} from '../fake-discord/server.ts';
import {
  killAll,
  type PodiumProcess,
  seedSeriesFile,
  spawnPodium,
  until,
} from '../support/podium-process.ts';
import { postgresInstalled, usePostgres } from '../support/postgres.ts';
import { ephemeral, podiumGuild } from './harness.ts';

const DAY = 86_400_000;
const HOLDING = 'delivery lease held';
const STANDING_BY = 'another process holds the delivery lease';

let fake: FakeDiscord | undefined;
const running: PodiumProcess[] = [];
afterEach(async () => {
  await killAll(running);
  await fake?.close();
  fake = undefined;
});

/** `src/main.ts` as `npm start` runs it, with `ROLES` and the rest of its settings. */
function start(env: Record<string, string>): PodiumProcess {
  const p = spawnPodium({
    ...process.env,
    DISCORD_GUILD_ID: '',
    LOG_LEVEL: 'debug',
    SHARD_COUNT: '',
    SHARD_IDS: '',
    PORT: '0',
    PUBLIC_URL: '',
    DATABASE_PATH: '',
    ...env,
  });
  running.push(p);
  return p;
}

const logged = (p: PodiumProcess, prefix: string) => p.lines.filter((l) => l.msg.startsWith(prefix)).length;
const receivedBy = (p: PodiumProcess, handle: InteractionHandle) =>
  p.lines.some((l) => l.msg === 'interaction received' && l.interactionId === handle.id);

/** Posts due and not yet sent (scheduled events aside). */
async function duePosts(db: Db): Promise<number> {
  const row = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND kind != 'event:sync' AND next_attempt_at <= ?`,
    [Date.now()],
  );
  return row?.n ?? 0;
}

describe.skipIf(!postgresInstalled)('Podium on one PostgreSQL: two gateway shards, two deliverers', () => {
  const postgres = usePostgres();

  it('answers every interaction once from the right shard, posts everything once, survives killing the deliverer and a gateway', async () => {
    const guilds = [podiumGuild(0), podiumGuild(1)];
    // One session may hold one guild: without sharding the fake (as Discord) refuses with 4011.
    fake = await startFakeDiscord({ guilds, maxGuildsPerSession: 1 });
    const url = postgres.url;
    // Each series' first meeting is tomorrow evening: its first reminders are due at once.
    const firsts: Date[] = [];
    for (const guild of guilds) {
      firsts.push(
        await seedSeriesFile(
          { url },
          guild,
          { daysAhead: 1, name: `Series of ${guild.name}` },
          async (db, now) => {
            await planAhead(db, now, silentLogger());
          },
        ),
      );
    }
    const db = await openStore({ url });
    try {
      expect(await duePosts(db)).toBeGreaterThan(0);
      const common = { DATABASE_URL: url, DISCORD_API_BASE: fake.apiBase };
      const gateway = (shard: number) =>
        start({
          ...common,
          ROLES: 'gateway',
          SHARD_COUNT: '2',
          SHARD_IDS: String(shard),
          DISCORD_TOKEN: `gateway-${shard}-token`.padEnd(40, 'x'),
        });
      const deliverer = (n: number) =>
        start({ ...common, ROLES: 'deliverer', DISCORD_TOKEN: `deliverer-${n}-token`.padEnd(40, 'x') });

      const gateways = [gateway(0), gateway(1)];
      const first = deliverer(1);
      await until('the first deliverer to hold the lease', () => logged(first, HOLDING) > 0, [first]);
      const second = deliverer(2);
      const all = [...gateways, first, second];
      await until('the second deliverer to stand by', () => logged(second, STANDING_BY) > 0, all);
      await until('both gateways to log in', () => gateways.every((p) => logged(p, 'logged in') > 0), all);
      await until('the due reminders to be posted', async () => (await duePosts(db)) === 0, all);
      // Deliverers never open a gateway session: 2 identifies, one per shard.
      expect(fake.gatewayStats).toMatchObject({ identifies: 2, refusedIdentifies: 0 });

      const meetingsOf = (guild: GuildFixture) => guild.channels[1]!.id;
      const interact = (guild: GuildFixture, name: string, sub: string, options = {}) =>
        fake!.sendInteraction({
          ...chatInput(name, sub, options),
          guildId: guild.id,
          channelId: meetingsOf(guild),
          user: guild.members[0]!.id,
        });
      const expected = new Map<PodiumProcess, string[]>();
      const answered = async (handle: InteractionHandle, by: PodiumProcess, text: string) => {
        expected.set(by, [...(expected.get(by) ?? []), handle.id]);
        expect(await ephemeral(handle)).toContain(text);
        await until('the log of the interaction', () => receivedBy(by, handle), all, 5000);
      };
      for (const [index, guild] of guilds.entries()) {
        await answered(interact(guild, 'meeting', 'show'), gateways[index]!, `Series of ${guild.name}`);
      }

      // A change in guild 0, through its gateway: its notice is posted by the holding deliverer.
      const date = (i: number, n: number) =>
        new Date(firsts[i]!.getTime() + n * 14 * DAY).toISOString().slice(0, 10);
      const before0 = fake.messages(meetingsOf(guilds[0]!)).length;
      await answered(
        interact(guilds[0]!, 'meeting', 'skip', { meeting: date(0, 1), reason: 'Holiday' }),
        gateways[0]!,
        'is cancelled',
      );
      await until(
        'the notice in guild 0',
        () => fake!.messages(meetingsOf(guilds[0]!)).length > before0,
        all,
      );
      expect(logged(first, 'posted')).toBeGreaterThan(0);
      expect(logged(second, 'posted')).toBe(0);

      // Kill the holding deliverer: the standby takes over and posts the next notice within 10 s.
      first.proc.kill('SIGKILL');
      await first.exit;
      const killedAt = Date.now();
      const left = [...gateways, second];
      const before1 = fake.messages(meetingsOf(guilds[1]!)).length;
      await answered(
        interact(guilds[1]!, 'meeting', 'skip', { meeting: date(1, 1), reason: 'Exams' }),
        gateways[1]!,
        'is cancelled',
      );
      await until(
        'the standby to post',
        () => fake!.messages(meetingsOf(guilds[1]!)).length > before1,
        left,
        20_000,
      );
      expect(Date.now() - killedAt).toBeLessThanOrEqual(10_000);
      await until('the standby to log its lease', () => logged(second, HOLDING) > 0, left);

      // Kill the gateway of shard 1 and start it again: it identifies anew and serves guild 1.
      const killed = gateways[1]!;
      killed.proc.kill('SIGKILL');
      await killed.exit;
      const restarted = gateway(1);
      const now = [gateways[0]!, restarted, second];
      await until('the restarted gateway to log in', () => logged(restarted, 'logged in') > 0, now);
      await answered(interact(guilds[1]!, 'meeting', 'show'), restarted, `Series of ${guilds[1]!.name}`);
      await answered(interact(guilds[0]!, 'meeting', 'show'), gateways[0]!, `Series of ${guilds[0]!.name}`);
      await until('nothing left to post', async () => (await duePosts(db)) === 0, now);

      // (A post shows in Discord a moment before its row is marked sent.)
      const channelRowsSent = async () =>
        (
          await db.get<{ n: number }>(
            `SELECT count(*) AS n FROM outbox WHERE state = 'sent' AND kind != 'event:sync' AND target NOT LIKE 'dm:%'`,
          )
        )?.n ?? 0;
      await until(
        'every post marked sent',
        async () => (await channelRowsSent()) >= fake!.requestsMatching('POST', MESSAGE_POST).length,
        now,
      );
      for (const p of now) p.proc.kill('SIGTERM');
      expect(await Promise.all(now.map((p) => p.exit))).toEqual([0, 0, 0]);

      // Every interaction answered once, each received only by the process of its guild's shard.
      const perInteraction = new Map<string, number>();
      for (const c of fake.requestsMatching('POST', INTERACTION_CALLBACK)) {
        const id = c.path.split('/')[2]!;
        perInteraction.set(id, (perInteraction.get(id) ?? 0) + 1);
      }
      expect([...perInteraction.values()]).toEqual(Array(6).fill(1));
      for (const p of [gateways[0]!, killed, restarted]) {
        const got = p.lines.filter((l) => l.msg === 'interaction received').map((l) => l.interactionId);
        expect(got).toEqual(expected.get(p) ?? []);
      }
      for (const p of [first, second]) expect(logged(p, 'interaction received')).toBe(0);

      // Every post once: one message per sent outbox row, each POSTed once.
      const shown = guilds.flatMap((g) => g.channels.flatMap((c) => fake!.messages(c.id)));
      const nonces = shown.map((m) => String(m.nonce));
      expect(new Set(nonces).size).toBe(nonces.length);
      for (const nonce of nonces) {
        const posts = fake
          .requestsMatching('POST', MESSAGE_POST)
          .filter((r) => String((r.body as { nonce?: unknown }).nonce) === nonce);
        expect(posts).toHaveLength(1);
      }
      const sentIds = async () =>
        (
          await db.all<{ id: number }>(
            `SELECT id FROM outbox WHERE state = 'sent' AND kind != 'event:sync' AND target NOT LIKE 'dm:%'`,
          )
        )
          .map((r) => String(r.id))
          .sort();
      const posted = [...nonces].sort();
      expect(await sentIds()).toEqual(posted);
    } finally {
      await db.close();
    }
  }, 150_000);
});
