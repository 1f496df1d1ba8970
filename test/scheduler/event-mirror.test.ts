import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { setTitle } from '../../src/app/setTitle.ts';
import { skipMeeting } from '../../src/app/skipMeeting.ts';
import { DiscordEventMirror } from '../../src/poster/discord-events.ts';
import { deliverDue } from '../../src/scheduler/deliver.ts';
import { planAhead } from '../../src/scheduler/plan-ahead.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { actor, at, ctx, GUILD, memoryDb, organiser } from '../support/db.ts';
import { podiumGuildFixture } from '../support/fixtures.ts';
import { RecordingPoster } from '../support/recording-poster.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Europe/Berlin';
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('meetings mirrored as Discord scheduled events', () => {
  it('creates them when planned, patches them on postpone and title change, cancels them on skip', async () => {
    fake = await startFakeDiscord({
      guilds: [podiumGuildFixture()],
    });
    const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 2000 }).setToken('test-token');
    const events = new DiscordEventMirror(rest, async () => new Map());
    // Far enough ahead that the fake, which checks against the real clock, accepts them.
    const now = at('2031-01-06 09:00', TZ);
    const db = memoryDb();
    const { members } = seedSeries(db, now, {
      timezone: TZ,
      weekday: 4,
      time: '19:00',
      everyWeeks: 1,
      start: '2031-01-09',
      size: 4,
    });
    const deps = {
      db,
      poster: new RecordingPoster(() => now),
      log: (await import('../../src/log.ts')).silentLogger(),
      events,
    };
    planAhead(db, now, deps.log);
    await deliverDue(deps, now);

    const created = fake.requestsMatching('POST', /\/guilds\/\d+\/scheduled-events$/);
    expect(created).toHaveLength(8);
    expect(created[0]!.body).toMatchObject({
      name: 'Meeting',
      entity_type: 3,
      privacy_level: 2,
      entity_metadata: { location: 'https://meet.example/abc' },
      scheduled_start_time: '2031-01-09T18:00:00.000Z',
      scheduled_end_time: '2031-01-09T19:00:00.000Z',
    });
    expect(fake.scheduledEvents(GUILD)).toHaveLength(8);

    postponeMeeting(ctx(db, now, organiser()), { meeting: '2031-01-16', to: '2031-01-18 19:00' });
    setTitle(ctx(db, now, actor(members[0]!)), { title: 'Folios', meeting: '2031-01-09' });
    await deliverDue(deps, now);
    const patched = fake.requestsMatching('PATCH', /\/guilds\/\d+\/scheduled-events\/\d+$/);
    expect(
      patched.map((r) => (r.body as { scheduled_start_time: string }).scheduled_start_time).sort(),
    ).toEqual(['2031-01-09T18:00:00.000Z', '2031-01-18T18:00:00.000Z']);
    expect(JSON.stringify(patched.map((r) => r.body))).toContain('Folios');

    skipMeeting(ctx(db, now, organiser()), { meeting: '2031-01-23' });
    await deliverDue(deps, now);
    const cancels = fake
      .requestsMatching('PATCH', /scheduled-events/)
      .filter((r) => (r.body as { status?: number }).status === 4);
    expect(cancels).toHaveLength(1);
    // A ninth meeting joins the plan to keep 8 held ones ahead, and gets its event.
    expect(fake.requestsMatching('POST', /scheduled-events$/)).toHaveLength(9);
    // Nothing is left pending or failed; the mirror never touched the reminders.
    const eventRows = outboxOfSeries(db, 1).filter((r) => r.kind === 'event:sync');
    expect(eventRows.every((r) => r.state === 'sent')).toBe(true);
  });

  it('keeps retrying a failing mirror without holding up reminders', async () => {
    fake = await startFakeDiscord({
      guilds: [podiumGuildFixture()],
    });
    const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 2000 }).setToken('test-token');
    const events = new DiscordEventMirror(rest, async () => new Map());
    const now = at('2031-01-07 20:00', TZ);
    const db = memoryDb();
    seedSeries(db, now, {
      timezone: TZ,
      weekday: 4,
      time: '19:00',
      everyWeeks: 1,
      start: '2031-01-07',
      size: 4,
    });
    const poster = new RecordingPoster(() => now);
    const deps = { db, poster, log: (await import('../../src/log.ts')).silentLogger(), events };
    planAhead(db, now, deps.log);
    fake.failNext({ method: 'POST', path: /scheduled-events/, count: 50, status: 500 });
    await deliverDue(deps, now + 60_000);
    // The title request of the first meeting (due before now) went out although every event failed.
    expect(poster.messages.map((m) => m.kind)).toContain('title_request');
    const rows = outboxOfSeries(db, 1).filter((r) => r.kind === 'event:sync');
    expect(rows.every((r) => r.state === 'pending' && r.attempts === 1 && r.nextAttemptAt > now)).toBe(true);
  });
});
