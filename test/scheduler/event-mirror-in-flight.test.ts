/**
 * The scheduled-event mirror when the plan changes while a call to Discord is
 * under way, or after a create whose outcome is unknown: the latest plan
 * reaches Discord, and no event is left behind.
 */
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { skipMeeting } from '../../src/app/skipMeeting.ts';
import type { MeetingView } from '../../src/app/views.ts';
import { silentLogger } from '../../src/log.ts';
import { DiscordEventMirror } from '../../src/poster/discord-events.ts';
import type { EventMirrorPort } from '../../src/poster/event-mirror.ts';
import { deliverDue } from '../../src/scheduler/deliver.ts';
import { planAhead } from '../../src/scheduler/plan-ahead.ts';
import type { Db } from '../../src/store/db.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { at, CHANNEL, ctx, GUILD, organiser, testDb } from '../support/db.ts';
import { podiumGuildFixture } from '../support/fixtures.ts';
import { RecordingPoster } from '../support/recording-poster.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Europe/Berlin';
// Far enough ahead that the fake, which checks against the real clock, accepts the events.
const NOW = at('2031-01-06 09:00', TZ);
const CREATE = /^\/guilds\/\d+\/scheduled-events$/;

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function mirrored() {
  fake = await startFakeDiscord({ guilds: [podiumGuildFixture()] });
  const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 2000 }).setToken('test-token');
  const real = new DiscordEventMirror(rest, async () => new Map());
  const db = await testDb();
  await seedSeries(db, NOW, {
    timezone: TZ,
    weekday: 4,
    time: '19:00',
    everyWeeks: 1,
    start: '2031-01-09',
    size: 4,
  });
  const log = silentLogger();
  await planAhead(db, NOW, log);
  return { db, real, log, f: fake };
}

/** The scheduled-event row of the meeting that starts at `iso`. */
async function rowOfMeeting(db: Db, iso: string) {
  const { id } = (await db.get<{ id: number }>('SELECT id FROM meetings WHERE starts_at = ?', [
    Date.parse(iso),
  ]))!;
  return (await outboxOfSeries(db, 1)).find((r) => r.kind === 'event:sync' && r.meetingId === id);
}

const startsOf = (f: FakeDiscord) =>
  f
    .scheduledEvents(GUILD)
    .filter((e) => e.status === 1)
    .map((e) => e.scheduled_start_time)
    .sort();

describe('the scheduled-event mirror while the plan moves', () => {
  it('a postpone made while the previous version is being sent reaches Discord on the next tick', async () => {
    const { db, real, log, f } = await mirrored();
    // The organiser postpones again while the first postpone's update is on its way to Discord.
    let during: (() => unknown) | null = null;
    const events: EventMirrorPort = {
      upsert: async (view: MeetingView, eventId: string | null) => {
        const id = await real.upsert(view, eventId);
        const hook = during;
        during = null;
        await hook?.();
        return id;
      },
      find: (g, d, t) => real.find(g, d, t),
      cancel: (g, e) => real.cancel(g, e),
      remove: (g, e) => real.remove(g, e),
    };
    const deps = { db, poster: new RecordingPoster(() => NOW), log, events };
    await deliverDue(deps, NOW);
    expect(startsOf(f)).toEqual(['2031-01-09T18:00:00.000Z', '2031-01-16T18:00:00.000Z']);

    await postponeMeeting(ctx(db, NOW, organiser()), { meeting: '2031-01-16', to: '2031-01-18 19:00' });
    during = () =>
      postponeMeeting(ctx(db, NOW + 1000, organiser()), { meeting: '2031-01-18', to: '2031-01-17 19:00' });
    await deliverDue(deps, NOW + 1000);
    expect(during).toBeNull();
    const row = await rowOfMeeting(db, '2031-01-17T18:00:00.000Z');
    expect(row).toMatchObject({ state: 'pending', inDoubt: false });

    await deliverDue(deps, NOW + 2000);
    expect(startsOf(f)).toEqual(['2031-01-09T18:00:00.000Z', '2031-01-17T18:00:00.000Z']);
    const rows = (await outboxOfSeries(db, 1)).filter((r) => r.kind === 'event:sync');
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
  });

  it('a meeting skipped after its event create was lost: the event that was made is cancelled', async () => {
    const { db, real, log, f } = await mirrored();
    const deps = { db, poster: new RecordingPoster(() => NOW), log, events: real };
    // Discord creates the first event, but the bot sees a 500: in doubt.
    f.failNext({ method: 'POST', path: CREATE, status: 500, applied: true });
    await deliverDue(deps, NOW);
    expect(startsOf(f)).toEqual(['2031-01-09T18:00:00.000Z', '2031-01-16T18:00:00.000Z']);
    const lost = (await outboxOfSeries(db, 1)).find((r) => r.kind === 'event:sync' && r.inDoubt);
    expect(lost).toMatchObject({ state: 'pending' });

    await skipMeeting(ctx(db, NOW + 1000, organiser()), { meeting: '2031-01-09' });
    const retryAt = Math.max(NOW + 1000, lost!.nextAttemptAt);
    await deliverDue(deps, retryAt);
    await deliverDue(deps, retryAt + 1000);
    // The event of the skipped meeting was found and cancelled, not left scheduled in Discord.
    const first = f
      .scheduledEvents(GUILD)
      .filter((e) => e.scheduled_start_time === '2031-01-09T18:00:00.000Z');
    expect(first.map((e) => e.status)).toEqual([4]);
    expect(startsOf(f)).not.toContain('2031-01-09T18:00:00.000Z');
    expect((await outboxOfSeries(db, 1)).find((r) => r.id === lost!.id)).toMatchObject({
      state: 'sent',
      inDoubt: false,
    });
    expect(f.requestsMatching('GET', CREATE).length).toBeGreaterThanOrEqual(1);
  });

  it('a mirror turned off after an event create was lost: the event that was made is deleted', async () => {
    const { db, real, log, f } = await mirrored();
    const deps = { db, poster: new RecordingPoster(() => NOW), log, events: real };
    f.failNext({ method: 'POST', path: CREATE, status: 'hang', applied: true });
    await deliverDue(deps, NOW);
    expect(startsOf(f)).toHaveLength(2);
    const lost = (await outboxOfSeries(db, 1)).find((r) => r.kind === 'event:sync' && r.inDoubt);
    expect(lost).toMatchObject({ state: 'pending' });

    // The organiser turns the mirror off: the meetings are held, only not shown as events.
    await setupSeries(ctx(db, NOW + 1000, organiser()), {
      channelId: CHANNEL,
      weekday: 4,
      time: '19:00',
      timezone: TZ,
      everyWeeks: 1,
      start: '2031-01-09',
      mirrorEvents: 0,
    });
    const retryAt = Math.max(NOW + 1000, lost!.nextAttemptAt);
    await deliverDue(deps, retryAt);
    await deliverDue(deps, retryAt + 1000);
    // Both events are gone, the one whose create was lost too.
    expect(f.scheduledEvents(GUILD)).toEqual([]);
    expect((await outboxOfSeries(db, 1)).find((r) => r.id === lost!.id)).toMatchObject({
      state: 'sent',
      inDoubt: false,
    });
  });
});
