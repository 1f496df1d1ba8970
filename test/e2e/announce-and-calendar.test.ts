import { MessageFlags } from 'discord-api-types/v10';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { meetingCalendar } from '../../src/app/meetingCalendar.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { en } from '../../src/i18n/en.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import type { InteractionHandle } from '../fake-discord/server.ts';
import {
  ephemeral,
  expectSafeMentions,
  type Harness,
  seedSeries,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  unchangedSince,
} from './harness.ts';

afterEach(stopHarnesses);

/** An ephemeral reply and its attached files. */
async function withFiles(handle: InteractionHandle) {
  const response = await handle.response;
  expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
  return { text: String(response.data?.content ?? ''), files: response.files ?? [] };
}

async function refusedToPlainMember(h: Harness, name: string, sub: string): Promise<void> {
  const before = await snapshot(h);
  expect(await ephemeral(h.run(name, sub, {}, { user: h.members[5] }))).toBe(en['error.notOrganiser']);
  expect(await unchangedSince(h, before)).toBe(true);
}

describe('/announce draft', () => {
  it('gives the text in the series language (en), ready to copy, flagging the missing title', async () => {
    const h = await startHarness();
    await seedSeries(h, { language: 'en' });
    await ephemeral(h.run('topic', 'set', { title: 'Memory tagging on RISC-V' }, { user: h.members[0] }));
    const { text, files } = await withFiles(h.run('announce', 'draft'));
    expect(files).toEqual([]);
    expect(text).toContain(
      '📣 Announcement draft for **Kernel SIG** on 2024-08-01, in English (the series language). Copy the text below:',
    );
    expect(text).toContain(
      '⚠️ 1 title(s) missing: the draft marks them. Ask the presenters to use `/topic set` before publishing.',
    );
    const draft = /```\n([\s\S]*)\n```/.exec(text)?.[1] ?? '';
    expect(draft.split('\n')).toEqual([
      '📣 Kernel SIG: Thursday 1 August 2024, 21:00 (Asia/Shanghai)',
      'Join: https://meet.example/kernel',
      '',
      'Talks:',
      '1. Member 2 of guild 0: Memory tagging on RISC-V',
      '2. Member 3 of guild 0: ⚠️ title missing',
      '',
      'After the talks: free discussion. Everyone is welcome to join and bring a topic!',
      '',
      '⚠️ 1 title(s) still missing: ask the presenters before publishing.',
    ]);
    expect(await ephemeral(h.run('announce', 'draft', { meeting: '2024-08-15' }))).toContain(
      '1. Member 4 of guild 0: ⚠️ title missing',
    );
    await refusedToPlainMember(h, 'announce', 'draft');
    expectSafeMentions(h.fake, { users: [] });
  });

  it('gives the text in the series language (zh-CN), whatever the reader’s language', async () => {
    const h = await startHarness();
    await seedSeries(h, { language: 'zh-CN' });
    await ephemeral(h.run('topic', 'set', { title: 'RISC-V 上的内存标记' }, { user: h.members[1] }));
    const english = await ephemeral(h.run('announce', 'draft'));
    expect(english).toContain('in Simplified Chinese (the series language)');
    expect(english).toContain('📣 Kernel SIG：2024年8月1日 星期四 21:00（Asia/Shanghai）');
    expect(english).toContain('主题分享：');
    expect(english).toContain('1. Member 2 of guild 0：⚠️ 题目未提交');
    expect(english).toContain('2. Member 3 of guild 0：RISC-V 上的内存标记');
    expect(english).toContain('⚠️ 1 title(s) missing');
    const chinese = await ephemeral(h.run('announce', 'draft', {}, { locale: 'zh-CN' }));
    expect(chinese).toContain('📣 **Kernel SIG** 2024-08-01 例会的公告草稿，使用例会的语言（简体中文）');
    expect(chinese).toContain('⚠️ 还缺 1 个题目');
  });

  it('attaches a draft too long for one message as a text file', async () => {
    const h = await startHarness();
    const boss = h.organiserCtx();
    await setupSeries(boss, {
      channelId: h.channels.meetings,
      weekday: 4,
      time: '21:00',
      timezone: TZ,
      everyWeeks: 2,
      start: '2024-08-01',
      presenters: 9,
      language: 'en',
      name: 'Kernel SIG',
    });
    const everyone = [h.owner, h.moderator, ...h.members, h.roleHolder];
    for (const id of everyone) await addMember(boss, { userId: id });
    for (const [i, id] of everyone.entries()) {
      const title = `Talk ${i + 1}: ${'a very long and detailed title '.repeat(7)}`.slice(0, 200);
      await ephemeral(h.run('topic', 'set', { title }, { user: id }));
    }
    const { text, files } = await withFiles(h.run('announce', 'draft'));
    expect(text).toContain('It is too long for one message, so it is attached as a text file.');
    expect(text).not.toContain('```');
    expect(files.map((f) => f.filename)).toEqual(['announcement-kernel-sig-2024-08-01.txt']);
    const draft = files[0]!.data.toString('utf8');
    expect(draft.length).toBeGreaterThan(2000);
    expect(draft).toContain('9. Role Holder: Talk 9: a very long');
    expect(draft).not.toContain('title missing');
  });
});

describe('/meeting calendar', () => {
  it('attaches an .ics file with one event per upcoming meeting', async () => {
    const h = await startHarness();
    await seedSeries(h);
    await ephemeral(h.run('meeting', 'skip', { meeting: '2024-08-15', reason: 'Holiday' }));
    const { text, files } = await withFiles(h.run('meeting', 'calendar', {}, { user: h.members[5] }));
    const upcoming = await meetingCalendar(h.organiserCtx());
    expect(upcoming.length).toBeGreaterThanOrEqual(8);
    expect(text).toContain(`The calendar of **Kernel SIG**: ${upcoming.length} upcoming meeting(s)`);
    expect(files.map((f) => f.filename)).toEqual(['kernel-sig.ics']);

    const ics = files[0]!.data.toString('utf8');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(upcoming.length);
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual(
      upcoming.map((v) => `podium-meeting-${v.meeting.id}@podium.bot`),
    );
    const [first, skipped] = events;
    expect(String(first!.getFirstPropertyValue('dtstart'))).toBe('2024-08-01T21:00:00');
    expect(first!.getFirstPropertyValue('description')).toContain('Member 2 of guild 0');
    expect(skipped!.getFirstPropertyValue('status')).toBe('CANCELLED');

    const zh = await withFiles(h.run('meeting', 'calendar', {}, { locale: 'zh-CN' }));
    expect(zh.text).toBe(
      zhCN['reply.calendar'].replace('{series}', 'Kernel SIG').replace('{count}', String(upcoming.length)),
    );
  });
});
