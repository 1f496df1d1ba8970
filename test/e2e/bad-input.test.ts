import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { modalSubmit, type OptionInput } from '../fake-discord/server.ts';
import { at } from '../support/db.ts';
import {
  channel,
  ephemeral,
  expectSafeMentions,
  type Harness,
  messageBodies,
  replyOf,
  seedSeries,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  textOf,
  unchangedSince,
} from './harness.ts';

afterEach(stopHarnesses);

function setup(h: Harness, overrides: Record<string, OptionInput>): Record<string, OptionInput> {
  return {
    channel: channel(h.channels.meetings),
    weekday: 4,
    time: '21:00',
    timezone: TZ,
    every_weeks: 2,
    start: '2024-08-01',
    ...overrides,
  };
}

/** Runs a command that must fail: the ephemeral error text, and the database unchanged. */
async function refused(
  h: Harness,
  command: [string, string, Record<string, OptionInput>],
  as: { user?: string } = {},
): Promise<string> {
  const before = await snapshot(h);
  const text = await ephemeral(h.run(...command, as));
  expect(await unchangedSince(h, before), `${command[0]} ${command[1]} changed the database`).toBe(true);
  return text;
}

describe('bad input through Discord', () => {
  it('dates, times, pauses and postponements: a clear ephemeral error, nothing changed', async () => {
    const h = await startHarness();
    expect(await refused(h, ['meeting', 'setup', setup(h, { start: '2024-02-30' })])).toBe(
      '`2024-02-30` is not a date on the calendar; use YYYY-MM-DD, e.g. 2024-09-01.',
    );
    expect(await refused(h, ['meeting', 'setup', setup(h, { time: '25:00' })])).toBe(
      '`25:00` is not a time of day; use HH:mm from 00:00 to 23:59.',
    );
    expect(await refused(h, ['meeting', 'setup', setup(h, { start: '2024-9-1' })])).toBe(
      '`2024-9-1` is not a date; use YYYY-MM-DD, e.g. 2024-09-01.',
    );
    expect(await refused(h, ['meeting', 'setup', setup(h, { timezone: 'Mars/Olympus' })])).toContain(
      '`Mars/Olympus` is not a timezone',
    );
    expect(await refused(h, ['meeting', 'setup', setup(h, { weekday: 9 })])).toContain(
      '`9` is not a weekday',
    );

    await seedSeries(h);
    expect(await refused(h, ['meeting', 'pause', { from: '2024-09-30', until: '2024-09-01' }])).toBe(
      'The pause ends (2024-09-01) before it starts (2024-09-30); put the later date in `until`.',
    );
    expect(await refused(h, ['meeting', 'show', { meeting: '2024-02-30' }])).toContain(
      'is not a date on the calendar',
    );
    expect(await refused(h, ['meeting', 'schedule', { count: 99 }])).toBe(
      en['error.count'].replace('{min}', '1').replace('{max}', '25'),
    );
    expect(
      await refused(h, ['meeting', 'postpone', { meeting: '2024-08-15', to: '2024-07-01 21:00' }]),
    ).toContain('is in the past');
    expect(
      await refused(h, ['meeting', 'postpone', { meeting: '2024-08-15', to: '2024-08-16 9pm' }]),
    ).toContain('is not a time');

    h.clock.now = at('2024-08-02 12:00', TZ); // the first meeting is over
    expect(await refused(h, ['meeting', 'postpone', { meeting: '2024-08-01', to: '2024-08-20 21:00' }])).toBe(
      'The meeting on 2024-08-01 has already started; past meetings cannot be changed.',
    );
    expect(await refused(h, ['meeting', 'skip', { meeting: '2024-08-01' }])).toContain('has already started');
    expectSafeMentions(h.fake, { users: h.members });
  });

  it('titles: empty and 5,000 characters are refused; mentions are stored as text and never ping', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, m1] = h.members;
    const first = (await meetingsAfter(h.db, series.id, h.clock.now))[0]!;

    expect(await refused(h, ['topic', 'set', { title: '   ' }], { user: m0 })).toBe(en['error.title.empty']);
    expect(await refused(h, ['topic', 'set', { title: 'x'.repeat(5000) }], { user: m0 })).toBe(
      'The title has 5000 characters; shorten it to at most 200.',
    );
    const before = await snapshot(h);
    const viaForm = h.fake.sendInteraction({
      ...modalSubmit(`title:${first.id}`, { title: 'y'.repeat(5000) }),
      user: m0,
      channelId: h.channels.meetings,
    });
    expect(await ephemeral(viaForm)).toContain('5000 characters');
    expect(await unchangedSince(h, before)).toBe(true);

    const nasty = `@everyone @here <@&${h.organiserRole}> <@${h.owner}> Rust **in** the kernel`;
    const reply = await replyOf(h.run('topic', 'set', { title: nasty }, { user: m0 }));
    expect(reply.allowed_mentions).toEqual({ parse: [], users: [], roles: [] });
    expect(textOf(reply)).not.toMatch(/@everyone|@here|<@&\d+>|<@\d+>/);
    expect((await slotsOfMeeting(h.db, first.id)).find((s) => s.userId === m0)?.title).toBe(nasty);

    // The title travels into the title request and the agenda: they ping the presenters only.
    h.clock.now = at('2024-07-30 21:01', TZ);
    await h.bot.scheduler.tick();
    h.clock.now = at('2024-07-31 21:01', TZ);
    await h.bot.scheduler.tick();
    h.clock.now = at('2024-08-01 20:01', TZ);
    await h.bot.scheduler.tick();
    const posted = messageBodies(h.fake.requests).filter(
      (b) => b.request.path === `/channels/${h.channels.meetings}/messages`,
    );
    expect(posted.map(({ body }) => textOf(body as { content?: string }).split('\n')[1])).toEqual([
      expect.stringContaining('time to share your talk titles'),
      expect.stringContaining('is overdue'),
      expect.stringContaining('starts'),
    ]);
    for (const { body } of posted) {
      const mentions = body.allowed_mentions as { parse: string[]; users: string[]; roles: string[] };
      expect(mentions.parse).toEqual([]);
      expect(mentions.roles).toEqual([]);
      expect(mentions.users.length).toBeGreaterThan(0);
      for (const id of mentions.users) expect([m0, m1]).toContain(id);
      expect(textOf(body as { content?: string })).not.toMatch(/@everyone|@here|<@&\d+>/);
      expect(textOf(body as { content?: string })).not.toContain(`<@${h.owner}>`);
    }
    expect(posted.some(({ body }) => textOf(body as { content?: string }).includes('Rust'))).toBe(true);
    expectSafeMentions(h.fake, { users: [m0, m1], roles: [] });
  });
});
