import { GuildScheduledEventEntityType, GuildScheduledEventStatus } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { isCancelled } from '../../src/domain/model.ts';
import { getEventMirror } from '../../src/store/event-mirrors.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { at } from '../support/db.ts';
import { ephemeral, type Harness, settle, startHarness, stopHarnesses, TZ } from './harness.ts';

afterEach(stopHarnesses);

/**
 * The fake refuses events that start before the real clock, so this series
 * lives in 2031: Thursdays 21:00 Shanghai, every two weeks from 2031-01-09.
 */
const NOW = at('2031-01-02 12:00', TZ);
const LINK = 'https://meet.example/kernel';

function seed(h: Harness) {
  const boss = h.organiserCtx();
  const { series } = setupSeries(boss, {
    channelId: h.channels.meetings,
    weekday: 4,
    time: '21:00',
    timezone: TZ,
    everyWeeks: 2,
    start: '2031-01-09',
    language: 'en',
    name: 'Kernel SIG',
    link: LINK,
  });
  for (const id of h.members) addMember(boss, { userId: id });
  return series;
}

const iso = (instant: number) => new Date(instant).toISOString();

describe('Discord scheduled events, with the bot running', () => {
  it('creates one per upcoming meeting, moves it on postpone and cancels it on skip', async () => {
    const h = await startHarness({ now: NOW });
    const series = seed(h);
    const path = `/guilds/${h.guild.id}/scheduled-events`;
    await settle(h);

    const upcoming = meetingsAfter(h.db, series.id, h.clock.now).filter((m) => !isCancelled(m));
    expect(upcoming.length).toBeGreaterThanOrEqual(8);
    const created = h.fake.requestsMatching('POST', new RegExp(`^${path}$`));
    expect(created.map((r) => r.status)).toEqual(upcoming.map(() => 200));
    expect(created.map((r) => (r.body as { scheduled_start_time: string }).scheduled_start_time)).toEqual(
      upcoming.map((m) => iso(m.startsAt)),
    );
    expect(created[0]?.body).toMatchObject({
      name: 'Kernel SIG',
      entity_type: GuildScheduledEventEntityType.External,
      entity_metadata: { location: LINK },
      scheduled_end_time: iso(upcoming[0]!.startsAt + 60 * 60_000),
    });
    expect((created[0]!.body as { description: string }).description).toContain('Member 2 of guild 0');
    expect(h.fake.scheduledEvents(h.guild.id)).toHaveLength(upcoming.length);
    const eventOf = (meetingId: number) => getEventMirror(h.db, meetingId)!.eventId;

    // Postponed: the meeting's event is PATCHed to the new time.
    const moved = upcoming[1]!; // 2031-01-23
    h.fake.clearRequests();
    expect(
      await ephemeral(h.run('meeting', 'postpone', { meeting: '2031-01-23', to: '2031-01-25 20:00' })),
    ).toContain('the meeting now takes place');
    await settle(h);
    const newStart = at('2031-01-25 20:00', TZ);
    const patches = h.fake.requestsMatching('PATCH', new RegExp(`^${path}/${eventOf(moved.id)}$`));
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({
      scheduled_start_time: iso(newStart),
      scheduled_end_time: iso(newStart + 60 * 60_000),
    });
    expect(h.fake.requestsMatching('POST', new RegExp(`^${path}$`))).toEqual([]);

    // Skipped: the meeting's event is cancelled (status 4); nothing is created or deleted.
    const skipped = upcoming[2]!; // 2031-02-06
    h.fake.clearRequests();
    expect(await ephemeral(h.run('meeting', 'skip', { meeting: '2031-02-06', reason: 'Holiday' }))).toContain(
      'is cancelled',
    );
    await settle(h);
    const cancel = h.fake.requestsMatching('PATCH', new RegExp(`^${path}/${eventOf(skipped.id)}$`));
    expect(cancel.map((r) => r.body)).toEqual([{ status: GuildScheduledEventStatus.Canceled }]);
    expect(h.fake.scheduledEvents(h.guild.id).find((e) => e.id === eventOf(skipped.id))?.status).toBe(
      GuildScheduledEventStatus.Canceled,
    );
    expect(getEventMirror(h.db, skipped.id)?.cancelled).toBe(true);
    expect(h.fake.requestsMatching('DELETE', new RegExp(`^${path}/`))).toEqual([]);
    // The plan grows by one meeting to keep covering eight held ones: only that one gets a new event.
    const known = new Set(upcoming.map((m) => m.id));
    const added = meetingsAfter(h.db, series.id, h.clock.now).filter((m) => !known.has(m.id));
    expect(added).toHaveLength(1);
    expect(
      h.fake
        .requestsMatching('POST', new RegExp(`^${path}$`))
        .map((r) => (r.body as { scheduled_start_time: string }).scheduled_start_time),
    ).toEqual([iso(added[0]!.startsAt)]);
  });
});
