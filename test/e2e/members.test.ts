/**
 * `/help` and members' own settings (`/me away|back|dm|talks`) through the real
 * client and the fake Discord, in both languages.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assignSlot } from '../../src/app/assignSlot.ts';
import { t } from '../../src/i18n/catalog.ts';
import { latestAudit } from '../../src/store/audit.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { getPrefs } from '../../src/store/member-prefs.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { at } from '../support/db.ts';
import {
  ephemeral,
  type Harness,
  posts,
  replyOf,
  seedSeries,
  settle,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  textOf,
} from './harness.ts';

afterEach(stopHarnesses);

/** `/help` has no subcommand. */
function help(h: Harness, as: { user?: string; locale?: string; channelId?: string } = {}) {
  return h.run('help', '', {}, as);
}

async function presentersOn(h: Harness, seriesId: number, date: string): Promise<(string | null)[]> {
  const meeting = (await meetingsAfter(h.db, seriesId, Number.NEGATIVE_INFINITY)).find(
    (m) => m.startsAt >= at(`${date} 00:00`, TZ) && m.startsAt < at(`${date} 23:59`, TZ),
  );
  if (!meeting) throw new Error(`no meeting on ${date}`);
  return (await slotsOfMeeting(h.db, meeting.id)).map((s) => s.userId);
}

describe('/help through Discord', () => {
  it('tells organisers and members what Podium does here, in their language, organiser commands to organisers only', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const [m0, m1] = h.members;
    for (const locale of ['en-US', 'zh-CN'] as const) {
      const lang = locale === 'zh-CN' ? 'zh-CN' : 'en';
      const boss = await ephemeral(help(h, { locale }));
      expect(boss).toContain('Kernel SIG');
      expect(boss).toContain(`<t:${at('2024-08-01 21:00', TZ) / 1000}:F>`);
      expect(boss).toContain(`<@${m0}>`);
      expect(boss).toContain(`<@${m1}>`);
      expect(boss).toContain(t(lang, 'help.organiserCommands'));
      expect(boss).toContain('`/meeting setup`');
      expect(boss).toContain('`/rotation add`');
      expect(boss).toContain('`/me away`');

      const member = await ephemeral(help(h, { user: m0, locale }));
      expect(member).toContain('Kernel SIG');
      expect(member).toContain(t(lang, 'help.commands'));
      expect(member).toContain('`/slot claim`');
      expect(member).toContain('`/me dm`');
      expect(member).toContain('`/help`');
      expect(member).not.toContain(t(lang, 'help.organiserCommands'));
      for (const organiserOnly of [
        '/meeting setup',
        '/meeting skip',
        '/rotation add',
        '/slot assign',
        '/season export',
      ])
        expect(member).not.toContain(`\`${organiserOnly}\``);
    }
    // Descriptions follow the reader's language.
    expect(await ephemeral(help(h, { user: m0, locale: 'zh-CN' }))).toContain('认领');
    expect(await ephemeral(help(h, { user: m0 }))).not.toContain('认领');
  });

  it('says there is no series in a channel without one: how to set one up for organisers, that there is none for members', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const where = { channelId: h.channels.general };
    for (const [locale, lang] of [
      ['en-US', 'en'],
      ['zh-CN', 'zh-CN'],
    ] as const) {
      const boss = await ephemeral(help(h, { ...where, locale }));
      expect(boss).toContain(t(lang, 'help.noSeries.organiser'));
      expect(boss).not.toContain('Kernel SIG');
      const member = await ephemeral(help(h, { ...where, user: h.members[0], locale }));
      expect(member).toContain(t(lang, 'help.noSeries.member'));
      expect(member).not.toContain(t(lang, 'help.noSeries.organiser'));
      expect(member).not.toContain('`/meeting setup`');
    }
  });
});

describe('/me away and /me back through Discord', () => {
  it('keeps an away member out of the meetings in range; they keep their turn and come first after', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, m1, m2, m3] = h.members;
    expect(await presentersOn(h, series.id, '2024-08-01')).toEqual([m0, m1]);
    expect(await presentersOn(h, series.id, '2024-08-15')).toEqual([m2, m3]);

    const reply = await ephemeral(
      h.run('me', 'away', { from: '2024-07-25', until: '2024-08-10', reason: 'travel' }, { user: m0 }),
    );
    expect(reply).toContain('2024-07-25');
    expect(reply).toContain('2024-08-10');
    expect(await presentersOn(h, series.id, '2024-08-01')).not.toContain(m0);
    expect(await presentersOn(h, series.id, '2024-08-01')).toHaveLength(2);
    // First in line at the next meeting after the away period.
    expect((await presentersOn(h, series.id, '2024-08-15'))[0]).toBe(m0);

    const audit = (await latestAudit(h.db, series.id, 1))[0]!;
    expect(audit).toMatchObject({ action: 'member.away', actorId: m0 });
    await settle(h);
    const notice = posts(h.fake, h.channels.meetings).find((p) =>
      textOf(p.body as { content: string }).includes('away'),
    );
    expect(notice, 'the change notice').toBeDefined();
    expect((notice!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      users: [],
      roles: [],
    });

    // Organisers see away periods in /rotation list; members do not.
    expect(await ephemeral(h.run('rotation', 'list'))).toMatch(/2024-07-25 – 2024-08-10 \(travel\)/);
    expect(await ephemeral(h.run('rotation', 'list', {}, { user: m1 }))).not.toContain('2024-07-25');

    // Back from 2024-07-30: the period ends on the 29th and the plan may use them on 08-01 again.
    const back = await ephemeral(h.run('me', 'back', { from: '2024-07-30' }, { user: m0, locale: 'zh-CN' }));
    expect(back).toContain('欢迎回来');
    expect(await presentersOn(h, series.id, '2024-08-01')).toContain(m0);
    expect((await latestAudit(h.db, series.id, 1))[0]).toMatchObject({ action: 'member.back', actorId: m0 });
  });

  it('releases the member’s pinned slots in range with the usual volunteer call', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const m5 = h.members[5];
    await assignSlot(h.organiserCtx(), { meeting: '2024-08-01', userId: m5 });
    expect(await presentersOn(h, series.id, '2024-08-01')).toContain(m5);
    await settle(h);
    h.fake.clearRequests();

    const reply = await ephemeral(
      h.run('me', 'away', { from: '2024-07-28', until: '2024-08-03' }, { user: m5, locale: 'zh-CN' }),
    );
    expect(reply).toContain('已请假');
    expect(reply).toContain(t('zh-CN', 'reply.away.released').split('{dates}')[0]!);
    const slots = await presentersOn(h, series.id, '2024-08-01');
    expect(slots).not.toContain(m5);
    expect(slots).toContain(null);
    await settle(h);
    const call = posts(h.fake, h.channels.meetings).find(
      (p) => (p.body as { components?: unknown[] }).components?.length,
    );
    expect(call, 'a volunteer call with a Claim button').toBeDefined();
    expect(JSON.stringify(call!.body)).toContain('"custom_id":"claim');
  });

  it('refuses bad input clearly in both languages and changes nothing', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const m0 = h.members[0];
    await ephemeral(h.run('me', 'away', { from: '2024-08-20', until: '2024-08-30' }, { user: m0 }));
    const image = await snapshot(h);
    const cases: [Record<string, string>, string, string][] = [
      [{ from: '2024-08-10', until: '2024-08-01' }, 'ends (2024-08-01) before it starts', '早于开始日'],
      [{ from: '2024-07-01', until: '2024-07-30' }, 'is in the past', '已经过去'],
      [
        { from: '2024-08-25', until: '2024-09-05' },
        'already away from 2024-08-20 to 2024-08-30',
        '已经请假 2024-08-20 至 2024-08-30',
      ],
      [{ from: '2024-02-30', until: '2024-03-01' }, 'not a date on the calendar', '不是日历上的日期'],
    ];
    for (const [options, en, zh] of cases) {
      expect(await ephemeral(h.run('me', 'away', options, { user: m0 }))).toContain(en);
      expect(await ephemeral(h.run('me', 'away', options, { user: m0, locale: 'zh-CN' }))).toContain(zh);
    }
    // Not on the roster (the owner only organises).
    expect(await ephemeral(h.run('me', 'away', { from: '2024-08-01', until: '2024-08-02' }))).toContain(
      'not in the rotation',
    );
    expect(await ephemeral(h.run('me', 'back', { from: '2024-09-20' }, { user: m0 }))).toContain(
      'None of your away periods contains 2024-09-20',
    );
    expect(await ephemeral(h.run('me', 'back', {}, { user: h.members[1], locale: 'zh-CN' }))).toContain(
      '你现在没有、之后也没有请假',
    );
    expect((await snapshot(h)) === image).toBe(true);
  });
});

describe('/me dm through Discord', () => {
  it('sends the member’s own reminders by DM in their language, once, beside the channel ping', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, m1] = h.members;
    expect(await ephemeral(h.run('me', 'dm', { state: 'on' }, { user: m0, locale: 'zh-CN' }))).toContain(
      '已开启',
    );
    expect(await ephemeral(h.run('me', 'dm', { state: 'on' }, { user: m1 }))).toContain('On:');
    const rows = (await outboxOfSeries(h.db, series.id)).filter((r) => r.target === `dm:${m0}`);
    expect(rows.map((r) => r.kind).sort()).toEqual(
      expect.arrayContaining(['agenda', 'title_nudge', 'title_request']),
    );

    h.clock.now = at('2024-07-30 21:01', TZ);
    await settle(h);
    await settle(h);
    const dm0 = h.fake.directMessages(m0);
    expect(dm0).toHaveLength(1);
    expect(dm0[0]!.content).toContain('请提交分享题目');
    expect(h.fake.directMessages(m1)[0]!.content).toContain('Please send the title');
    // The channel ping still goes out, once.
    expect(
      posts(h.fake, h.channels.meetings).filter((p) =>
        (p.body as { content: string }).content.includes(`<@${m0}>`),
      ),
    ).toHaveLength(1);
    // Sent with the outbox row as nonce.
    const sent = (await outboxOfSeries(h.db, series.id)).find(
      (r) => r.target === `dm:${m0}` && r.kind === 'title_request',
    )!;
    expect(sent.state).toBe('sent');
    expect(dm0[0]!.nonce).toBe(String(sent.id));

    // The agenda comes by DM too; the member who set a title gets no nudge.
    await ephemeral(h.run('topic', 'set', { title: 'Page cache' }, { user: m0 }));
    // m1 now uses Discord in Chinese: their next DM follows.
    await ephemeral(h.run('me', 'talks', {}, { user: m1, locale: 'zh-CN' }));
    // The language is noted once the answer is out; then each reminder when it is due
    // (overdue together, the nudge would be superseded by the agenda).
    await vi.waitFor(async () => expect((await getPrefs(h.db, h.guild.id, m1))?.language).toBe('zh-CN'));
    h.clock.now = at('2024-07-31 21:01', TZ);
    await settle(h);
    h.clock.now = at('2024-08-01 20:01', TZ);
    await settle(h);
    await settle(h);
    const later = h.fake.directMessages(m0);
    expect(later).toHaveLength(2);
    expect(later[1]!.embeds[0]!.description).toContain('Page cache');
    const m1Dms = h.fake.directMessages(m1);
    expect(m1Dms).toHaveLength(3);
    expect(m1Dms[1]!.content).toContain('还没有题目');
    expect(m1Dms[2]!.content).toContain('你是主讲人');

    // Off: nothing more.
    expect(await ephemeral(h.run('me', 'dm', { state: 'off' }, { user: m1 }))).toContain('Off');
    expect(
      (await outboxOfSeries(h.db, series.id)).filter((r) => r.target === `dm:${m1}` && r.state === 'pending'),
    ).toEqual([]);
  });

  it('gives a member whose DMs are closed the channel ping only, and logs the refusal once', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const m0 = h.members[0];
    h.fake.setDmsClosed(m0);
    await ephemeral(h.run('me', 'dm', { state: 'on' }, { user: m0 }));

    h.clock.now = at('2024-07-30 21:01', TZ);
    await settle(h);
    await settle(h);
    expect(
      posts(h.fake, h.channels.meetings).some((p) =>
        (p.body as { content: string }).content.includes(`<@${m0}>`),
      ),
    ).toBe(true);
    const row = (await outboxOfSeries(h.db, series.id)).find(
      (r) => r.target === `dm:${m0}` && r.kind === 'title_request',
    )!;
    expect(row.state).toBe('skipped');
    expect(row.lastError).toContain('50007');

    h.clock.now = at('2024-08-01 20:01', TZ);
    await settle(h);
    await settle(h);
    const dmSends = h.fake.requests.filter(
      (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.status === 403,
    );
    expect(dmSends).toHaveLength(1);
    expect(h.logs.filter((l) => /direct messages refused/.test(l.msg))).toHaveLength(1);
    expect((await outboxOfSeries(h.db, series.id)).filter((r) => r.kind === 'alert:failed')).toEqual([]);
    // Later DMs are set aside without asking Discord again.
    const agenda = (await outboxOfSeries(h.db, series.id)).find(
      (r) => r.target === `dm:${m0}` && r.kind === 'agenda',
    )!;
    expect(agenda).toMatchObject({ state: 'skipped', lastError: 'direct messages closed' });
  });
});

describe('/me talks through Discord', () => {
  it('lists the member’s upcoming talks with Discord timestamps and titles, in their language', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const m0 = h.members[0];
    await ephemeral(h.run('topic', 'set', { title: 'Folios' }, { user: m0 }));
    const en = await replyOf(h.run('me', 'talks', {}, { user: m0 }));
    const text = textOf(en);
    expect(text).toContain(`<t:${at('2024-08-01 21:00', TZ) / 1000}:F>`);
    expect(text).toContain('**Folios**');
    expect(text).toContain('Kernel SIG');
    expect(text).toContain('Your upcoming talks');
    const zh = textOf(await replyOf(h.run('me', 'talks', {}, { user: m0, locale: 'zh-CN' })));
    expect(zh).toContain('你接下来的分享');
    expect(zh).toContain('题目待定');
    // Someone with no talk planned gets told how to get one.
    expect(await ephemeral(h.run('me', 'talks', {}, { user: h.roleHolder }))).toContain('`/slot claim`');
  });
});
