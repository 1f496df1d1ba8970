import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { setTitle } from '../../src/app/setTitle.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { skipMeeting } from '../../src/app/skipMeeting.ts';
import { PODIUM_EVENT_BUDGET } from '../../src/domain/event-window.ts';
import { isCancelled, type Series } from '../../src/domain/model.ts';
import { silentLogger } from '../../src/log.ts';
import { DiscordEventMirror } from '../../src/poster/discord-events.ts';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import { deliverDue } from '../../src/scheduler/deliver.ts';
import { MIRROR_CAP_WAIT_MS } from '../../src/scheduler/deliver-mirror.ts';
import { planAhead } from '../../src/scheduler/plan-ahead.ts';
import type { Db } from '../../src/store/db.ts';
import { getEventMirror } from '../../src/store/event-mirrors.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { loadMigrations } from '../../src/store/migrate.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { memoryLogger } from '../e2e/harness.ts';
import { type FakeDiscord, type GuildFixture, startFakeDiscord } from '../fake-discord/server.ts';
import { actor, at, ctx, GUILD, memberIds, ORGANISER, organiser, testDb } from '../support/db.ts';
import { podiumGuildFixture } from '../support/fixtures.ts';
import { RecordingPoster } from '../support/recording-poster.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Europe/Berlin';
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const EVENTS = /^\/guilds\/\d+\/scheduled-events/;
const iso = (instant: number) => new Date(instant).toISOString();

function restOf(f: FakeDiscord): REST {
  return new REST({ api: f.apiBase, retries: 0, timeout: 2000 }).setToken('test-token');
}

/**
 * The fake Discord with Podium's guild, a mirror talking to it, and a weekly
 * Thursday 19:00 series of four members from `start`, seeded at `now`.
 */
async function mirroredSeries(now: number, start: string) {
  const discord = await startFakeDiscord({ guilds: [podiumGuildFixture()] });
  fake = discord;
  const events = new DiscordEventMirror(restOf(discord), async () => new Map());
  const db = await testDb();
  const seeded = await seedSeries(db, now, {
    timezone: TZ,
    weekday: 4,
    time: '19:00',
    everyWeeks: 1,
    start,
    size: 4,
  });
  return { discord, db, events, ...seeded };
}

/** The organiser sets the series of `mirroredSeries` (from 2031-01-09) up again, changing how many meetings it mirrors. */
async function mirrorMeetings(db: Db, now: number, mirrorEvents: number) {
  return setupSeries(ctx(db, now, organiser()), {
    channelId: '200000000000000001',
    weekday: 4,
    time: '19:00',
    timezone: TZ,
    everyWeeks: 1,
    start: '2031-01-09',
    mirrorEvents,
  });
}

/** One guild with `channels` text channels, one per series. */
function manyChannelGuild(channels: number): GuildFixture {
  return {
    id: GUILD,
    name: 'Many SIGs',
    ownerId: ORGANISER,
    channels: Array.from({ length: channels }, (_, i) => ({
      id: `2000000000000${String(i + 1).padStart(5, '0')}`,
      name: `sig-${i + 1}`,
    })),
    roles: [],
    members: [{ id: ORGANISER, username: 'owner' }],
  };
}

/** Series `i` of the guild: weekly, on a weekday and hour of its own, two members. */
async function setUp(
  db: Db,
  now: number,
  channelId: string,
  i: number,
  extra: { mirrorEvents?: number } = {},
) {
  const boss = ctx(db, now, organiser({ channelId }));
  const { series } = await setupSeries(boss, {
    channelId,
    weekday: (i % 7) + 1,
    time: `${String(8 + (i % 12)).padStart(2, '0')}:00`,
    timezone: TZ,
    everyWeeks: 1,
    start: '2031-01-20',
    language: 'en',
    name: `SIG ${i + 1}`,
    link: 'https://meet.example/sig',
    ...extra,
  });
  for (const id of memberIds(2)) await addMember(boss, { userId: id });
  return series;
}

describe('meetings mirrored as Discord scheduled events', () => {
  it('mirrors the next two meetings: created when planned, patched on postpone and title change, cancelled on skip', async () => {
    // Far enough ahead that the discord, which checks against the real clock, accepts them.
    const now = at('2031-01-06 09:00', TZ);
    const { discord, db, events, members } = await mirroredSeries(now, '2031-01-09');
    const deps = { db, poster: new RecordingPoster(() => now), log: silentLogger(), events };
    await planAhead(db, now, deps.log);
    await deliverDue(deps, now);

    const created = discord.requestsMatching('POST', /\/guilds\/\d+\/scheduled-events$/);
    expect(created.map((r) => (r.body as { scheduled_start_time: string }).scheduled_start_time)).toEqual([
      '2031-01-09T18:00:00.000Z',
      '2031-01-16T18:00:00.000Z',
    ]);
    expect(created[0]!.body).toMatchObject({
      name: 'Meeting',
      entity_type: 3,
      privacy_level: 2,
      entity_metadata: { location: 'https://meet.example/abc' },
      scheduled_end_time: '2031-01-09T19:00:00.000Z',
    });
    expect(discord.scheduledEvents(GUILD)).toHaveLength(2);

    await postponeMeeting(ctx(db, now, organiser()), { meeting: '2031-01-16', to: '2031-01-18 19:00' });
    await setTitle(ctx(db, now, actor(members[0]!)), { title: 'Folios', meeting: '2031-01-09' });
    await deliverDue(deps, now);
    const patched = discord.requestsMatching('PATCH', /\/guilds\/\d+\/scheduled-events\/\d+$/);
    expect(
      patched.map((r) => (r.body as { scheduled_start_time: string }).scheduled_start_time).sort(),
    ).toEqual(['2031-01-09T18:00:00.000Z', '2031-01-18T18:00:00.000Z']);
    expect(JSON.stringify(patched.map((r) => r.body))).toContain('Folios');

    // Skipping a mirrored meeting cancels its event; the next held meeting takes its place.
    discord.clearRequests();
    await skipMeeting(ctx(db, now, organiser()), { meeting: '2031-01-09' });
    await deliverDue(deps, now);
    // (The presenters move on, so the other mirrored meeting's event is patched too.)
    const cancels = discord.requestsMatching('PATCH', EVENTS).filter((r) => 'status' in (r.body as object));
    expect(cancels.map((r) => r.body)).toEqual([{ status: 4 }]);
    expect(
      discord
        .requestsMatching('POST', EVENTS)
        .map((r) => (r.body as { scheduled_start_time: string }).scheduled_start_time),
    ).toEqual(['2031-01-23T18:00:00.000Z']);
    expect(discord.liveScheduledEvents(GUILD)).toBe(2);
    const eventRows = (await outboxOfSeries(db, 1)).filter((r) => r.kind === 'event:sync');
    expect(eventRows.filter((r) => r.state === 'pending' || r.state === 'failed')).toEqual([]);
  });

  it('keeps retrying a failing mirror without holding up reminders', async () => {
    const now = at('2031-01-07 20:00', TZ);
    const { discord, db, events } = await mirroredSeries(now, '2031-01-07');
    const poster = new RecordingPoster(() => now);
    const deps = { db, poster, log: silentLogger(), events };
    await planAhead(db, now, deps.log);
    discord.failNext({ method: 'POST', path: /scheduled-events/, count: 50, status: 500 });
    await deliverDue(deps, now + 60_000);
    // The title request of the first meeting (due before now) went out although every event failed.
    expect(poster.messages.map((m) => m.kind)).toContain('title_request');
    const rows = (await outboxOfSeries(db, 1)).filter((r) => r.kind === 'event:sync');
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.state === 'pending' && r.attempts === 1 && r.nextAttemptAt > now)).toBe(true);
  });

  it('0 turns a series’ mirror off and deletes its events; a higher number mirrors more', async () => {
    const now = at('2031-01-06 09:00', TZ);
    const { discord, db, events, seriesId } = await mirroredSeries(now, '2031-01-09');
    const deps = { db, poster: new RecordingPoster(() => now), log: silentLogger(), events };
    await deliverDue(deps, now);
    expect(discord.liveScheduledEvents(GUILD)).toBe(2);
    const again = (mirrorEvents: number) => mirrorMeetings(db, now, mirrorEvents);

    expect((await again(0)).mirrorEvents).toBe(0);
    await deliverDue(deps, now);
    expect(discord.requestsMatching('DELETE', EVENTS)).toHaveLength(2);
    expect(discord.scheduledEvents(GUILD)).toEqual([]);
    const held = (await meetingsAfter(db, seriesId, now)).filter((m) => !isCancelled(m));
    const mirrors = [];
    for (const m of held) mirrors.push(await getEventMirror(db, m.id));
    expect(mirrors).toEqual(held.map(() => undefined));

    await again(5);
    await deliverDue(deps, now);
    expect(
      discord
        .scheduledEvents(GUILD)
        .map((e) => e.scheduled_start_time)
        .sort(),
    ).toEqual(held.slice(0, 5).map((m) => iso(m.startsAt)));
  });

  it('after the upgrade from eight mirrored meetings, the first start gives back the events beyond two', async () => {
    const now = at('2031-01-06 09:00', TZ);
    const { discord, db, events, seriesId } = await mirroredSeries(now, '2031-01-09');
    const deps = { db, poster: new RecordingPoster(() => now), log: silentLogger(), events };
    // What an older Podium left: all eight planned meetings mirrored, nothing to plan until Thursday.
    await mirrorMeetings(db, now, 8);
    await deliverDue(deps, now);
    await deliverDue(deps, now + 1_000);
    expect(discord.liveScheduledEvents(GUILD)).toBe(8);
    await db.run('DELETE FROM series_event_mirror');
    await planAhead(db, now, deps.log);
    await deliverDue(deps, now + 2_000);
    expect(discord.requestsMatching('DELETE', EVENTS)).toEqual([]); // nothing due to plan yet

    // Migration 007 marks every series for planning; the first start's pass brings the mirror in line.
    const migration = loadMigrations().find((m) => m.version === 7)!.sql;
    await db.run(/UPDATE series SET next_plan_at = 0[^;]*;/.exec(migration)![0]);
    const later = now + 60_000;
    await planAhead(db, later, deps.log);
    await deliverDue(deps, later);
    await deliverDue(deps, later + 1_000);
    expect(discord.requestsMatching('DELETE', EVENTS)).toHaveLength(6);
    const held = (await meetingsAfter(db, seriesId, later)).filter((m) => !isCancelled(m));
    expect(discord.scheduledEvents(GUILD).map((e) => e.scheduled_start_time)).toEqual(
      held.slice(0, 2).map((m) => iso(m.startsAt)),
    );
  });

  it('20 series in one guild: never more than 100 live events, every next meeting mirrored, no due reminder waits for the mirror', async () => {
    fake = await startFakeDiscord({ guilds: [manyChannelGuild(21)] });
    const rest = restOf(fake);
    const deps = {
      db: await testDb(),
      poster: new DiscordPoster(rest),
      events: new DiscordEventMirror(rest, async () => new Map()),
      log: silentLogger(),
    };
    const { db } = deps;
    // The guild's own events: Podium leaves room for them.
    for (let i = 0; i < 15; i += 1) fake.addMemberEvent(GUILD, `Game night ${i}`, at('2031-02-01 20:00', TZ));
    const channels = manyChannelGuild(21).channels.map((c) => c.id);
    // 12:00:58 on a Sunday; 12 series keep the default of 2, 8 mirror all 8 meetings: 88 wanted.
    const t0 = at('2031-01-12 12:00', TZ) + 58_000;
    const all: Series[] = [];
    for (const [i, channelId] of channels.slice(0, 20).entries())
      all.push(await setUp(db, t0, channelId, i, i < 8 ? { mirrorEvents: 8 } : {}));
    // One more series meets two days after 12:01, so its title request is due at t0 + 2 s.
    const dueSeries = (
      await setupSeries(ctx(db, t0, organiser({ channelId: channels[20]! })), {
        channelId: channels[20]!,
        weekday: 2,
        time: '12:01',
        timezone: TZ,
        everyWeeks: 1,
        start: '2031-01-14',
        language: 'en',
        name: 'Reading group',
      })
    ).series;
    for (const id of memberIds(2))
      await addMember(ctx(db, t0, organiser({ channelId: channels[20]! })), { userId: id });
    all.push(dueSeries);
    const reminderAt = t0 + 2_000;
    const titleRequest = async () =>
      (await outboxOfSeries(db, dueSeries.id)).find(
        (r) => r.kind === 'title_request' && r.meetingId !== null,
      )!;
    expect((await titleRequest()).dueAt).toBe(reminderAt);
    const pendingMirrors = async () => {
      const rows = [];
      for (const s of all) rows.push(...(await outboxOfSeries(db, s.id)));
      return rows.filter((r) => r.kind === 'event:sync' && r.state === 'pending');
    };
    expect((await pendingMirrors()).length).toBeGreaterThanOrEqual(PODIUM_EVENT_BUDGET);

    // The bot was busy until the title request fell due: every mirror row is due before it.
    const first = await deliverDue(deps, reminderAt);
    const tick = fake.requests;
    const post = tick.findIndex((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    const mirrorCalls = tick.map((r, i) => (EVENTS.test(r.path) ? i : -1)).filter((i) => i >= 0);
    expect(post).toBeGreaterThanOrEqual(0);
    expect(mirrorCalls.length).toBeGreaterThan(0);
    expect(Math.min(...mirrorCalls)).toBeGreaterThan(post);
    expect(await titleRequest()).toMatchObject({ state: 'sent', sentAt: reminderAt });
    expect(first.sent).toBeGreaterThan(1);
    expect((await pendingMirrors()).length).toBeGreaterThan(0); // the reminder went ahead of them

    // Heartbeats until the mirror is done, the fake counting live events at every create.
    let now = reminderAt;
    for (
      let beat = 0;
      beat < 200 && (await pendingMirrors()).some((r) => r.nextAttemptAt <= now);
      beat += 1
    ) {
      now += 1_000;
      await deliverDue(deps, now);
      expect(fake.liveScheduledEvents(GUILD)).toBeLessThanOrEqual(100);
    }
    expect((await pendingMirrors()).filter((r) => r.nextAttemptAt <= now)).toEqual([]);
    expect(fake.peakLiveScheduledEvents(GUILD)).toBeLessThanOrEqual(100);
    expect(fake.requestsMatching('POST', EVENTS).filter((r) => r.status !== 200)).toEqual([]);
    const podium = fake.scheduledEvents(GUILD).filter((e) => e.creator_id === fake!.botUserId);
    expect(podium.filter((e) => e.status === 1)).toHaveLength(PODIUM_EVENT_BUDGET);
    // Every series' next meeting has its event.
    const starts = new Set(podium.map((e) => e.scheduled_start_time));
    for (const s of all) {
      const next = (await meetingsAfter(db, s.id, now)).find((m) => !isCancelled(m))!;
      expect(starts.has(iso(next.startsAt)), s.name).toBe(true);
      expect((await getEventMirror(db, next.id))?.cancelled, s.name).toBe(false);
    }
    // The series with the default mirror exactly their next two.
    for (const s of all.slice(8)) {
      const held = (await meetingsAfter(db, s.id, now)).filter((m) => !isCancelled(m));
      const mirrored = [];
      for (const m of held) mirrored.push((await getEventMirror(db, m.id)) !== undefined);
      expect(mirrored, s.name).toEqual(held.map((_, i) => i < 2));
    }
  });

  it('gives way when the guild itself is at Discord’s cap, logs it, and fills in once there is room', async () => {
    fake = await startFakeDiscord({ guilds: [manyChannelGuild(20)] });
    const rest = restOf(fake);
    const { log, lines } = memoryLogger();
    const poster = new RecordingPoster(() => 0);
    const deps = {
      db: await testDb(),
      poster,
      events: new DiscordEventMirror(rest, async () => new Map()),
      log,
    };
    const { db } = deps;
    const own = Array.from({ length: 70 }, (_, i) =>
      fake!.addMemberEvent(GUILD, `Guild event ${i}`, at('2031-03-01 20:00', TZ)),
    );
    const now = at('2031-01-12 12:00', TZ);
    const channels = manyChannelGuild(20).channels.map((c) => c.id);
    for (const [i, channelId] of channels.entries()) await setUp(db, now, channelId, i);
    let t = now;
    for (let beat = 0; beat < 12; beat += 1, t += 1_000) await deliverDue(deps, t);

    // 70 of the guild's own + 30 of Podium's 40: Discord refused the other 10 with 30038.
    expect(fake.liveScheduledEvents(GUILD)).toBe(100);
    const refused = fake.requestsMatching('POST', EVENTS).filter((r) => r.status === 400);
    expect(refused).toHaveLength(10);
    const gaveWay = lines.filter((l) => l.msg.includes('cap of scheduled events'));
    expect(gaveWay.map((l) => String(l.err))).toEqual(
      refused.map(() => '400 30038: Maximum number of uncompleted guild scheduled events reached (100)'),
    );
    // Nothing reported to the channel: the guild chose to hold that many events.
    expect(poster.messages.filter((m) => m.kind.startsWith('alert:'))).toEqual([]);

    // The guild deletes ten of its events; an hour later the mirror fills in.
    for (const id of own.slice(0, 10)) await rest.delete(`/guilds/${GUILD}/scheduled-events/${id}`);
    for (let beat = 0; beat < 4; beat += 1, t += 1_000) await deliverDue(deps, t + MIRROR_CAP_WAIT_MS);
    expect(fake.liveScheduledEvents(GUILD)).toBe(100);
    expect(fake.scheduledEvents(GUILD).filter((e) => e.creator_id === fake!.botUserId)).toHaveLength(40);
  });
});
