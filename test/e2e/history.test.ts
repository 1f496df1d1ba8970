import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { getSeriesByChannel } from '../../src/store/series.ts';
import type { OptionInput } from '../fake-discord/server.ts';
import {
  ephemeral,
  expectSafeMentions,
  type Harness,
  replyOf,
  seedSeries,
  snapshot,
  startHarness,
  stopHarnesses,
  unchangedSince,
  user,
} from './harness.ts';

afterEach(stopHarnesses);

async function refused(
  h: Harness,
  command: [string, string, Record<string, OptionInput>],
  as: { user?: string } = {},
): Promise<string> {
  const before = await snapshot(h);
  const text = await ephemeral(h.run(...command, as));
  expect(await unchangedSince(h, before), `/${command[0]} ${command[1]} changed the database`).toBe(true);
  return text;
}

describe('/meeting history', () => {
  it('lists the latest changes, newest first: who changed what, when; pinging nobody', async () => {
    const h = await startHarness();
    await seedSeries(h);
    await ephemeral(h.run('meeting', 'link', { url: 'https://meet.example/new' }, { user: h.moderator }));
    await ephemeral(h.run('meeting', 'skip', { meeting: '2024-08-15', reason: 'Holiday' }));
    await ephemeral(h.run('rotation', 'remove', { user: user(h.members[5]) }));

    const reply = await replyOf(h.run('meeting', 'history', { count: 3 }));
    expect(reply.allowed_mentions).toEqual({ parse: [], users: [], roles: [] });
    const lines = String(reply.content).split('\n');
    expect(lines[0]).toBe('🗂️ Latest changes to **Kernel SIG**');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^<t:\\d+:f> · <@${h.owner}> · \`roster.remove\`$`)),
      expect.stringMatching(new RegExp(`^<t:\\d+:f> · <@${h.owner}> · \`meeting.skip\`$`)),
      expect.stringMatching(new RegExp(`^<t:\\d+:f> · <@${h.moderator}> · \`series.link\`$`)),
    ]);
    // By default the latest ten: the set-up and the roster are further back.
    const all = await ephemeral(h.run('meeting', 'history'));
    expect(all.split('\n')).toHaveLength(11);
    expect(await ephemeral(h.run('meeting', 'history', {}, { locale: 'zh-CN' }))).toContain(
      '🗂️ **Kernel SIG** 最近的变更',
    );
    expectSafeMentions(h.fake, { users: h.members });
  });

  it('is refused to a plain member, ephemerally, changing nothing', async () => {
    const h = await startHarness();
    await seedSeries(h);
    expect(await refused(h, ['meeting', 'history', {}], { user: h.members[5] })).toBe(
      en['error.notOrganiser'],
    );
    expect(await refused(h, ['meeting', 'history', { count: 30 }])).toBe('Pick a count from 1 to 25.');
  });
});

describe('/meeting reminders', () => {
  it('shows the reminders, and changes them: pending reminders are re-timed at once', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const first = (await meetingsAfter(h.db, series.id, h.clock.now))[0]!;
    const agendaDue = async () =>
      (await outboxOfSeries(h.db, series.id)).find((r) => r.kind === 'agenda' && r.meetingId === first.id)!;

    const before = await snapshot(h);
    expect((await ephemeral(h.run('meeting', 'reminders'))).split('\n')).toEqual([
      '⏰ Reminders of **Kernel SIG**',
      '• title request: 2d before',
      '• title reminder: 1d before',
      '• agenda: 1h before',
      '• follow-up: 2h after',
      '',
      'Change them with `/meeting reminders`, e.g. `agenda: 2h` or `title_nudge: off`.',
    ]);
    expect(await unchangedSince(h, before)).toBe(true);
    expect((await agendaDue()).dueAt).toBe(first.startsAt - 60 * 60_000);

    const changed = await ephemeral(
      h.run('meeting', 'reminders', { agenda: '90m', title_request: '36h', follow_up: 'off' }),
    );
    expect(changed).toContain('• title request: 36h before');
    expect(changed).toContain('• agenda: 90m before');
    expect(changed).toContain('• follow-up: off');
    expect(changed).toContain('Pending reminders are re-timed now');
    expect((await getSeriesByChannel(h.db, h.channels.meetings))?.offsets).toEqual({
      titleRequest: 36 * 60,
      titleNudge: 24 * 60,
      agenda: 90,
      followUp: null,
    });
    expect((await agendaDue()).dueAt).toBe(first.startsAt - 90 * 60_000);
    const followUp = (await outboxOfSeries(h.db, series.id)).find(
      (r) => r.kind === 'follow_up' && r.meetingId === first.id,
    );
    expect(followUp?.state).toBe('cancelled');

    expect(await ephemeral(h.run('meeting', 'reminders', {}, { locale: 'zh-CN' }))).toContain(
      '• 会议议程：提前 90 分钟',
    );
  });

  it('refuses a bad offset and a plain member, changing nothing', async () => {
    const h = await startHarness();
    await seedSeries(h);
    expect(await refused(h, ['meeting', 'reminders', { agenda: 'soon' }])).toBe(
      '`soon` is not a reminder time; use a number with m, h or d (e.g. 90m, 2h, 2d) up to 30d, or off.',
    );
    expect(await refused(h, ['meeting', 'reminders', { title_nudge: '31d' }])).toContain('`31d`');
    for (const options of [{}, { agenda: 'off' }]) {
      expect(await refused(h, ['meeting', 'reminders', options], { user: h.members[5] })).toBe(
        en['error.notOrganiser'],
      );
    }
  });
});
