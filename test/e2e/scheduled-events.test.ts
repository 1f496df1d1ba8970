import {
  ApplicationCommandOptionType,
  GuildScheduledEventEntityType,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { isCancelled } from '../../src/domain/model.ts';
import { MIRROR_RECHECK_MS } from '../../src/scheduler/deliver-mirror.ts';
import { getEventMirror, mirrorFailingSince } from '../../src/store/event-mirrors.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from '../fake-discord/fixtures.ts';
import { at } from '../support/db.ts';
import {
  ephemeral,
  expectSafeMentions,
  type Harness,
  posts,
  role,
  settle,
  startHarness,
  stopHarnesses,
  TZ,
} from './harness.ts';
import { RHYTHM_2031, seedSeries2031, setupOptions2031 } from './setup.ts';

afterEach(stopHarnesses);

/** Thursdays 21:00 Shanghai, every two weeks from 2031-01-09. */
const NOW = at('2031-01-02 12:00', TZ);
const LINK = 'https://meet.example/kernel';

const iso = (instant: number) => new Date(instant).toISOString();
const startOf = (body: unknown) => (body as { scheduled_start_time: string }).scheduled_start_time;
const without = (permissions: string, bits: bigint) => (BigInt(permissions) & ~bits).toString();
const EVENT_BITS = PermissionFlagsBits.ManageEvents | PermissionFlagsBits.CreateEvents;

/** The bot can neither create nor manage events (nor can @everyone, whose permissions it shares). */
function revokeEvents(h: Harness): void {
  h.fake.setRolePermissions(h.guild.id, '@everyone', without(DEFAULT_EVERYONE_PERMISSIONS, EVENT_BITS));
  h.fake.setRolePermissions(h.guild.id, 'bot', without(DEFAULT_BOT_PERMISSIONS, EVENT_BITS));
}

function grantEvents(h: Harness): void {
  h.fake.setRolePermissions(h.guild.id, '@everyone', DEFAULT_EVERYONE_PERMISSIONS);
  h.fake.setRolePermissions(h.guild.id, 'bot', DEFAULT_BOT_PERMISSIONS);
}

/** Moves the clock on and lets the scheduler catch up, a step at a time (each retry comes due). */
async function advance(h: Harness, ms: number, steps = 1): Promise<void> {
  for (let i = 0; i < steps; i += 1) {
    h.clock.now += ms / steps;
    await settle(h);
    await settle(h);
  }
}

describe('Discord scheduled events, with the bot running', () => {
  it('mirrors the next two meetings, moves one on postpone, cancels one on skip and mirrors the next instead', async () => {
    const h = await startHarness({ now: NOW });
    const series = await seedSeries2031(h, { link: LINK });
    const path = `/guilds/${h.guild.id}/scheduled-events`;
    await settle(h);

    const upcoming = (await meetingsAfter(h.db, series.id, h.clock.now)).filter((m) => !isCancelled(m));
    expect(upcoming.length).toBeGreaterThanOrEqual(8);
    const created = h.fake.requestsMatching('POST', new RegExp(`^${path}$`));
    expect(created.map((r) => r.status)).toEqual([200, 200]);
    expect(created.map((r) => startOf(r.body))).toEqual(upcoming.slice(0, 2).map((m) => iso(m.startsAt)));
    expect(created[0]?.body).toMatchObject({
      name: 'Kernel SIG',
      entity_type: GuildScheduledEventEntityType.External,
      entity_metadata: { location: LINK },
      scheduled_end_time: iso(upcoming[0]!.startsAt + 60 * 60_000),
    });
    expect(h.fake.scheduledEvents(h.guild.id)).toHaveLength(2);
    // The event names the meeting's presenters. The heartbeat runs on the real clock, so the event
    // may have been made between the series' setup and its first member, and edited since.
    const first = h.fake
      .scheduledEvents(h.guild.id)
      .find((e) => e.scheduled_start_time === startOf(created[0]!.body));
    expect(first?.description).toContain('Member 2 of guild 0');
    const eventOf = async (meetingId: number) => (await getEventMirror(h.db, meetingId))!.eventId;

    // Postponed: the meeting's event is PATCHed to the new time.
    const moved = upcoming[1]!; // 2031-01-23
    h.fake.clearRequests();
    expect(
      await ephemeral(h.run('meeting', 'postpone', { meeting: '2031-01-23', to: '2031-01-25 20:00' })),
    ).toContain('the meeting now takes place');
    await settle(h);
    const newStart = at('2031-01-25 20:00', TZ);
    const patches = h.fake.requestsMatching('PATCH', new RegExp(`^${path}/${await eventOf(moved.id)}$`));
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({
      scheduled_start_time: iso(newStart),
      scheduled_end_time: iso(newStart + 60 * 60_000),
    });
    expect(h.fake.requestsMatching('POST', new RegExp(`^${path}$`))).toEqual([]);

    // Skipped: the meeting's event is cancelled (status 4), and the third meeting gets one.
    const skipped = upcoming[0]!; // 2031-01-09
    const skippedEvent = await eventOf(skipped.id);
    h.fake.clearRequests();
    expect(await ephemeral(h.run('meeting', 'skip', { meeting: '2031-01-09', reason: 'Holiday' }))).toContain(
      'is cancelled',
    );
    await settle(h);
    const cancel = h.fake.requestsMatching('PATCH', new RegExp(`^${path}/${skippedEvent}$`));
    expect(cancel.map((r) => r.body)).toEqual([{ status: GuildScheduledEventStatus.Canceled }]);
    expect(h.fake.scheduledEvents(h.guild.id).find((e) => e.id === skippedEvent)?.status).toBe(
      GuildScheduledEventStatus.Canceled,
    );
    expect((await getEventMirror(h.db, skipped.id))?.cancelled).toBe(true);
    expect(h.fake.requestsMatching('DELETE', new RegExp(`^${path}/`))).toEqual([]);
    expect(h.fake.requestsMatching('POST', new RegExp(`^${path}$`)).map((r) => startOf(r.body))).toEqual([
      iso(upcoming[2]!.startsAt),
    ]);
    expect(h.fake.liveScheduledEvents(h.guild.id)).toBe(2);
  });

  it('/meeting setup mirror_events: 0 deletes the events, 4 mirrors four; a value out of range changes nothing', async () => {
    const h = await startHarness({ now: NOW });
    const series = await seedSeries2031(h, { link: LINK });
    await settle(h);
    expect(h.fake.liveScheduledEvents(h.guild.id)).toBe(2);
    const setup = (mirrorEvents: number, locale = 'en-US') =>
      h.run(
        'meeting',
        'setup',
        setupOptions2031(h, {
          mirror_events: { type: ApplicationCommandOptionType.Integer, value: mirrorEvents },
        }),
        { locale },
      );

    expect(await ephemeral(setup(9))).toContain('from 0 to 8');
    expect(await ephemeral(setup(-1, 'zh-CN'))).toContain('0 到 8');
    await settle(h);
    expect(h.fake.liveScheduledEvents(h.guild.id)).toBe(2);

    expect(await ephemeral(setup(0))).toContain('not shown in the server’s Events');
    await settle(h);
    expect(h.fake.requestsMatching('DELETE', /scheduled-events\/\d+$/)).toHaveLength(2);
    expect(h.fake.scheduledEvents(h.guild.id)).toEqual([]);

    expect(await ephemeral(setup(4, 'zh-CN'))).toContain('接下来 4 次例会');
    await settle(h);
    const held = (await meetingsAfter(h.db, series.id, h.clock.now)).filter((m) => !isCancelled(m));
    expect(
      h.fake
        .scheduledEvents(h.guild.id)
        .map((e) => e.scheduled_start_time)
        .sort(),
    ).toEqual(held.slice(0, 4).map((m) => iso(m.startsAt)));
  });

  it('a mirror that fails for good is reported once per series, and again only after it worked and failed again', async () => {
    const h = await startHarness({ now: NOW });
    revokeEvents(h);
    const series = await seedSeries2031(h, { link: LINK });
    const alerts = () =>
      posts(h.fake, h.channels.meetings).filter((r) =>
        String((r.body as { content?: string }).content).includes('⚠️'),
      );
    // Three refusals each (5 s and 10 s apart), for both mirrored meetings: one report. (Three
    // or more: the real-clock heartbeat may try the series' first version before all its
    // members are in, and each member changes the event, so its row is tried afresh.)
    await settle(h);
    await advance(h, 20_000, 4);
    const refused = h.fake.requestsMatching('POST', /scheduled-events$/);
    expect(new Set(refused.map((r) => r.status))).toEqual(new Set([403]));
    const triesOf = new Map<string, number>();
    for (const r of refused) triesOf.set(startOf(r.body), (triesOf.get(startOf(r.body)) ?? 0) + 1);
    expect(triesOf.size).toBe(2);
    for (const tries of triesOf.values()) expect(tries).toBeGreaterThanOrEqual(3);
    expect(alerts()).toHaveLength(1);
    // Given up: twenty seconds more bring no other try, until the recheck.
    await advance(h, 20_000, 4);
    expect(h.fake.requestsMatching('POST', /scheduled-events$/)).toHaveLength(refused.length);
    const first = alerts()[0]!.body as { content: string; allowed_mentions: { roles?: string[] } };
    expect(first.content).toContain('Podium cannot show the meetings of **Kernel SIG**');
    expect(first.content).toContain('403 50013: Missing Permissions');
    expect(first.content).toContain('**Create Events** and **Manage Events**');
    expect(first.content).toContain('Organisers'); // no organiser role set: named, nobody pinged
    expect(first.allowed_mentions.roles ?? []).toEqual([]);
    expect(await mirrorFailingSince(h.db, series.id)).not.toBeNull();

    // Still refused six hours later: tried again, said nothing.
    await advance(h, MIRROR_RECHECK_MS + 1_000);
    expect(h.fake.requestsMatching('POST', /scheduled-events$/).length).toBeGreaterThan(refused.length);
    expect(alerts()).toHaveLength(1);

    // An organiser role is set and the permission given back: the next try works.
    await ephemeral(h.run('meeting', 'organisers', { role: role(h.organiserRole) }));
    grantEvents(h);
    await advance(h, MIRROR_RECHECK_MS + 1_000);
    expect(h.fake.liveScheduledEvents(h.guild.id)).toBe(2);
    expect(await mirrorFailingSince(h.db, series.id)).toBeNull();
    expect(alerts()).toHaveLength(1);

    // The series now posts in Chinese; the permission goes again and a postponement needs an edit.
    await setupSeries(h.organiserCtx(), {
      channelId: h.channels.meetings,
      ...RHYTHM_2031,
      language: 'zh-CN',
    });
    await settle(h);
    revokeEvents(h);
    await ephemeral(h.run('meeting', 'postpone', { meeting: '2031-01-09', to: '2031-01-10 20:00' }));
    await settle(h);
    await advance(h, 20_000, 4);
    expect(h.fake.requestsMatching('PATCH', /scheduled-events\/\d+$/).some((r) => r.status === 403)).toBe(
      true,
    );
    expect(alerts()).toHaveLength(2);
    const second = alerts()[1]!.body as { content: string; allowed_mentions: { roles?: string[] } };
    expect(second.content).toContain(`<@&${h.organiserRole}>`);
    expect(second.content).toContain('Podium 无法在服务器的“活动”中显示 **Kernel SIG** 的例会');
    expect(second.content).toContain('“创建活动”和“管理活动”');
    expect(second.allowed_mentions.roles).toEqual([h.organiserRole]);
    expectSafeMentions(h.fake, { users: h.members, roles: [h.organiserRole] });
  });
});
