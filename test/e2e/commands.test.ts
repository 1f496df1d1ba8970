import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { activeRoster } from '../../src/store/roster.ts';
import { getSeriesByChannel } from '../../src/store/series.ts';
import { organiserRoleOf } from '../../src/store/settings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { autocomplete, type OptionInput } from '../fake-discord/server.ts';
import {
  channel,
  ephemeral,
  expectSafeMentions,
  type Harness,
  replyOf,
  role,
  seedSeries,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  textOf,
  unchangedSince,
  user,
} from './harness.ts';

afterEach(stopHarnesses);

/** The next post in a channel whose content matches, as the fake recorded it. */
async function postMatching(h: Harness, channelId: string, pattern: RegExp) {
  const request = await h.fake.waitForRequest(
    (r) =>
      r.method === 'POST' &&
      r.path === `/channels/${channelId}/messages` &&
      pattern.test(textOf(r.body as { content?: string })),
  );
  return request.body as { content: string; components?: unknown[]; allowed_mentions: { users: string[] } };
}

async function upcomingSlots(h: Harness, seriesId: number, count = 3) {
  const meetings = (await meetingsAfter(h.db, seriesId, h.clock.now)).slice(0, count);
  return Promise.all(
    meetings.map(async (m) => (await slotsOfMeeting(h.db, m.id)).map((s) => [s.userId, s.title])),
  );
}

describe('slash commands through Discord', () => {
  it('/meeting setup creates the series and /rotation builds the roster', async () => {
    const h = await startHarness();
    const created = await ephemeral(
      h.run('meeting', 'setup', {
        channel: channel(h.channels.meetings),
        weekday: 4,
        time: '21:00',
        timezone: TZ,
        every_weeks: 2,
        start: '2024-08-01',
        link: 'https://meet.example/kernel',
        presenters: 2,
        language: 'zh-CN',
        name: 'Kernel SIG',
        topic_channel: channel(h.channels.topics),
      }),
    );
    expect(created).toContain('Created **Kernel SIG**');
    expect(created).toContain('Every 2 weeks on Thursday at 21:00 (Asia/Shanghai)');
    const series = await getSeriesByChannel(h.db, h.channels.meetings);
    expect(series).toMatchObject({
      guildId: h.guild.id,
      name: 'Kernel SIG',
      timeZone: TZ,
      weekday: 4,
      hour: 21,
      everyWeeks: 2,
      firstDate: '2024-08-01',
      language: 'zh-CN',
      topicChannelId: h.channels.topics,
    });

    for (const id of h.members) {
      expect(await ephemeral(h.run('rotation', 'add', { user: user(id), group: 'Main' }))).toContain(
        `<@${id}> joined the rotation`,
      );
    }
    const [m0, m1, m2] = h.members;
    expect(await ephemeral(h.run('rotation', 'move', { user: user(m2), position: 1 }))).toContain(
      `<@${m2}> is now at position 1`,
    );
    expect(await ephemeral(h.run('rotation', 'remove', { user: user(m1) }))).toContain(
      `<@${m1}> left the rotation`,
    );
    expect((await activeRoster(h.db, series!.id)).map((m) => m.userId)).toEqual([
      m2,
      m0,
      ...h.members.slice(3),
    ]);
    const list = await ephemeral(h.run('rotation', 'list'));
    expect(list).toContain('rotation (5 members)');
    expect(list.indexOf(m2)).toBeLessThan(list.indexOf(m0));
    // Informational replies show mentions but ping nobody.
    expectSafeMentions(h.fake, { users: [] });
  });

  it('/meeting show, schedule, link, postpone, skip, pause, resume and organisers', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const [m0, , m2, m3] = h.members;

    const show = await ephemeral(h.run('meeting', 'show'));
    expect(show).toContain('Kernel SIG — 2024-08-01');
    expect(show).toContain(`<@${m0}>`);
    expect(await ephemeral(h.run('meeting', 'show', { meeting: '2024-08-15' }))).toContain(`<@${m2}>`);
    const schedule = await ephemeral(h.run('meeting', 'schedule', { count: 3 }));
    expect(schedule.split('\n').filter((l) => l.includes('<t:'))).toHaveLength(3);
    expect(await ephemeral(h.run('meeting', 'link', { url: 'https://meet.example/new' }))).toContain(
      'https://meet.example/new',
    );

    const postponed = await ephemeral(
      h.run('meeting', 'postpone', { meeting: '2024-08-15', to: '2024-08-18 21:00', reason: 'Conference' }),
    );
    expect(postponed).toContain('the meeting now takes place');
    const notice = await postMatching(h, h.channels.meetings, /moves to/);
    expect(notice.allowed_mentions.users.sort()).toEqual([m2, m3].sort());

    expect(await ephemeral(h.run('meeting', 'skip', { meeting: '2024-08-29', reason: 'Holiday' }))).toContain(
      'is cancelled',
    );
    await postMatching(h, h.channels.meetings, /is cancelled/);
    expect(await ephemeral(h.run('meeting', 'pause', { from: '2024-09-10', until: '2024-09-30' }))).toContain(
      'no meetings from 2024-09-10 to 2024-09-30',
    );
    await postMatching(h, h.channels.meetings, /takes a break/);
    expect(await ephemeral(h.run('meeting', 'resume'))).toContain('is over');
    await postMatching(h, h.channels.meetings, /is back/);

    const organisers = await replyOf(h.run('meeting', 'organisers', { role: role(h.organiserRole) }));
    expect(organisers.content).toContain(`<@&${h.organiserRole}>`);
    expect(organisers.allowed_mentions).toEqual({ parse: [], users: [], roles: [] });
    expect(await organiserRoleOf(h.db, h.guild.id)).toBe(h.organiserRole);
    expect(await ephemeral(h.run('meeting', 'organisers'))).toContain('organiser role is cleared');
    expect(await organiserRoleOf(h.db, h.guild.id)).toBeNull();
    expectSafeMentions(h.fake, { users: h.members });
  });

  it('/slot claim, release, assign and /topic set, list', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, m1, , , m4] = h.members;

    expect(await ephemeral(h.run('slot', 'release', {}, { user: m0 }))).toContain('You gave up your slot');
    const call = await postMatching(h, h.channels.meetings, /can no longer present/);
    expect(JSON.stringify(call.components)).toMatch(/"custom_id":"claim:\d+"/);
    expect(call.allowed_mentions.users).toEqual([m0]);

    expect(await ephemeral(h.run('slot', 'claim', {}, { user: m4 }))).toContain('The slot is yours');
    await postMatching(h, h.channels.meetings, /took the open slot/);
    expect(await upcomingSlots(h, series.id, 1)).toEqual([
      [
        [m4, null],
        [m1, null],
      ],
    ]);

    expect(
      await ephemeral(h.run('slot', 'assign', { meeting: '2024-08-15', user: user(h.owner) })),
    ).toContain(`<@${h.owner}> now presents`);
    await postMatching(h, h.channels.meetings, /put <@\d+> in a slot/);

    expect(await ephemeral(h.run('topic', 'set', { title: 'Rust in the kernel' }, { user: m1 }))).toContain(
      '**Rust in the kernel**',
    );
    expect(await ephemeral(h.run('topic', 'list'))).toContain('Rust in the kernel');
    expectSafeMentions(h.fake, { users: [...h.members, h.owner] });
  });

  it('refuses every organiser command to a plain member, ephemerally, changing nothing', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const plain = h.members[5];
    const attempts: [string, string, Record<string, OptionInput>][] = [
      [
        'meeting',
        'setup',
        {
          channel: channel(h.channels.general),
          weekday: 1,
          time: '10:00',
          timezone: 'Europe/Berlin',
          every_weeks: 1,
          start: '2024-08-05',
        },
      ],
      ['meeting', 'postpone', { meeting: '2024-08-01', to: '2024-08-02 21:00' }],
      ['meeting', 'skip', { meeting: '2024-08-01' }],
      ['meeting', 'pause', { from: '2024-08-01', until: '2024-08-31' }],
      ['meeting', 'resume', {}],
      ['meeting', 'link', { url: 'https://evil.example' }],
      ['meeting', 'organisers', { role: role(h.organiserRole) }],
      ['rotation', 'add', { user: user(h.owner) }],
      ['rotation', 'remove', { user: user(h.members[0]) }],
      ['rotation', 'move', { user: user(h.members[0]), position: 3 }],
      ['slot', 'assign', { meeting: '2024-08-01', user: user(plain) }],
    ];
    const before = await snapshot(h);
    for (const [name, sub, options] of attempts) {
      expect(await ephemeral(h.run(name, sub, options, { user: plain })), `/${name} ${sub}`).toBe(
        en['error.notOrganiser'],
      );
    }
    expect(await unchangedSince(h, before)).toBe(true);
    expect(h.fake.messages(h.channels.meetings)).toEqual([]);
  });

  it('lets members of the organiser role act as organisers', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const add = { user: user(h.owner) };
    expect(await ephemeral(h.run('rotation', 'add', add, { user: h.roleHolder }))).toBe(
      en['error.notOrganiser'],
    );
    await ephemeral(h.run('meeting', 'organisers', { role: role(h.organiserRole) }, { user: h.moderator }));
    expect(await ephemeral(h.run('rotation', 'add', add, { user: h.roleHolder }))).toContain(
      'joined the rotation',
    );
  });

  it('answers in the reader’s language: zh-CN for a zh-CN client, English for en-US', async () => {
    const h = await startHarness();
    await seedSeries(h, { language: 'en' });
    const zh = await ephemeral(h.run('meeting', 'schedule', {}, { locale: 'zh-CN' }));
    const english = await ephemeral(h.run('meeting', 'schedule', {}, { locale: 'en-US' }));
    expect(zh).toContain('Kernel SIG · 近期例会安排');
    expect(english).toContain('Kernel SIG — upcoming meetings');
    const plain = h.members[5];
    expect(await ephemeral(h.run('meeting', 'resume', {}, { user: plain, locale: 'zh-CN' }))).toBe(
      zhCN['error.notOrganiser'],
    );
  });

  it('suggests upcoming meetings with display names, and timezones', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const ask = (command: string, sub: string, name: string, value: string, locale = 'en-US') =>
      h.fake
        .sendInteraction({
          ...autocomplete(command, { name, value }, sub),
          channelId: h.channels.meetings,
          locale,
        })
        .response.then((r) => {
          expect(r.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
          return r.data?.choices ?? [];
        });

    const all = await ask('slot', 'claim', 'meeting', '');
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all[0]).toEqual({
      name: '2024-08-01 · Member 2 of guild 0, Member 3 of guild 0',
      value: '2024-08-01',
    });
    expect(await ask('meeting', 'show', 'meeting', '2024-08-1')).toEqual([
      { name: '2024-08-15 · Member 4 of guild 0, Member 5 of guild 0', value: '2024-08-15' },
    ]);
    const byName = await ask('topic', 'set', 'meeting', 'member 6');
    expect(byName.map((c) => c.value).slice(0, 2)).toEqual(['2024-08-29', '2024-10-10']);
    expect((await ask('meeting', 'show', 'meeting', '', 'zh-CN'))[0]?.name).toBe(
      '2024-08-01：Member 2 of guild 0、Member 3 of guild 0',
    );
    // Another channel has no series: nothing to suggest.
    const elsewhere = await h.fake.sendInteraction({
      ...autocomplete('meeting', { name: 'meeting', value: '' }, 'show'),
      channelId: h.channels.general,
    }).response;
    expect(elsewhere.data?.choices).toEqual([]);

    const zones = await ask('meeting', 'setup', 'timezone', 'shang');
    expect(zones[0]).toEqual({ name: 'Asia/Shanghai', value: 'Asia/Shanghai' });
    expect((await ask('meeting', 'setup', 'timezone', 'america')).length).toBe(25);
    expect((await ask('meeting', 'setup', 'timezone', '')).map((c) => c.value)).toContain('Asia/Shanghai');
    expect(await ask('meeting', 'setup', 'timezone', 'no such zone')).toEqual([]);
  });

  it('answers an unknown command and a stale subcommand clearly', async () => {
    const h = await startHarness();
    await seedSeries(h);
    expect(await ephemeral(h.run('podcast', 'add'))).toBe(en['error.command.unknown']);
    expect(await ephemeral(h.run('meeting', 'teleport'))).toBe(en['error.command.unknown']);
  });
});
