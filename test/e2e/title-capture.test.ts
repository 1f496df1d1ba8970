import { afterEach, describe, expect, it } from 'vitest';
import { captureTitle } from '../../src/app/captureTitle.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import type { RecordedRequest } from '../fake-discord/server.ts';
import {
  type Harness,
  seedSeries,
  snapshot,
  startHarness,
  stopHarnesses,
  textOf,
  unchangedSince,
} from './harness.ts';

afterEach(stopHarnesses);

const isReaction = (h: Harness) => (r: RecordedRequest) =>
  r.method === 'PUT' &&
  r.path.startsWith(`/channels/${h.channels.topics}/messages/`) &&
  r.path.endsWith('/reactions/✅/@me');
const isReply = (h: Harness) => (r: RecordedRequest) =>
  r.method === 'POST' &&
  r.path === `/channels/${h.channels.topics}/messages` &&
  (r.body as { message_reference?: unknown }).message_reference !== undefined;

async function titles(h: Harness, seriesId: number) {
  const meetings = (await meetingsAfter(h.db, seriesId, h.clock.now)).slice(0, 2);
  return Promise.all(meetings.map(async (m) => (await slotsOfMeeting(h.db, m.id)).map((s) => s.title)));
}

describe('title capture in the topic channel', () => {
  it('takes a presenter’s first line as the title, with ✅ and a reply that pings nobody', async () => {
    const h = await startHarness();
    const series = await seedSeries(h, { topics: true });
    const [m0] = h.members;
    const message = h.fake.sendMessage({
      channelId: h.channels.topics,
      author: m0,
      content: '  Rust in the kernel  \nSlides will follow.',
    });
    const reaction = await h.fake.waitForRequest(isReaction(h));
    expect(reaction.path).toBe(`/channels/${h.channels.topics}/messages/${message.id}/reactions/✅/@me`);
    const reply = (await h.fake.waitForRequest(isReply(h))).body as Record<string, unknown>;
    expect(reply.message_reference).toMatchObject({ message_id: message.id });
    expect(reply.allowed_mentions).toEqual({ parse: [], users: [], roles: [], replied_user: false });
    expect(textOf(reply as { content: string })).toContain('**Rust in the kernel**');
    expect(await titles(h, series.id)).toEqual([
      ['Rust in the kernel', null],
      [null, null],
    ]);
  });

  it('leaves other messages alone: non-presenters, other channels, bots; refuses an over-long first line', async () => {
    const h = await startHarness();
    const series = await seedSeries(h, { topics: true, language: 'zh-CN' });
    const [m0, m1, m2] = h.members;
    const before = await snapshot(h);
    h.fake.sendMessage({ channelId: h.channels.topics, author: h.owner, content: 'Who presents next time?' });
    h.fake.sendMessage({ channelId: h.channels.general, author: m0, content: 'A title in the wrong place' });
    h.fake.sendMessage({
      channelId: h.channels.topics,
      author: { id: '999999999999999999', username: 'other-bot', bot: true },
      content: 'I am a bot',
    });
    const long = h.fake.sendMessage({ channelId: h.channels.topics, author: m2, content: 'x'.repeat(300) });
    const refusal = (await h.fake.waitForRequest(isReply(h))).body as Record<string, unknown>;
    expect(refusal.message_reference).toMatchObject({ message_id: long.id });
    expect(refusal.content).toBe('题目有 300 个字符；请缩短到 200 个以内。');
    expect(await unchangedSince(h, before)).toBe(true);

    // The presenter's next message is taken; only it gets a reaction.
    h.fake.sendMessage({
      channelId: h.channels.topics,
      author: m1,
      content: `@everyone <@&${h.organiserRole}> 内存管理`,
    });
    await h.fake.waitForRequest(
      (r) => isReply(h)(r) && String((r.body as { content?: string }).content).includes('已保存'),
    );
    expect(h.fake.requests.filter(isReaction(h))).toHaveLength(1);
    const replies = h.fake.requests.filter(isReply(h)).map((r) => r.body as Record<string, unknown>);
    expect(replies).toHaveLength(2);
    expect(replies[1]?.content).toContain('已保存');
    expect(replies[1]?.content).not.toMatch(/@everyone|<@&\d+>/);
    expect(replies[1]?.allowed_mentions).toMatchObject({ parse: [], users: [], roles: [] });
    expect((await titles(h, series.id))[0]).toEqual([null, `@everyone <@&${h.organiserRole}> 内存管理`]);
  });

  it('is an app action that returns null when the message is not a title', async () => {
    const h = await startHarness();
    const series = await seedSeries(h, { topics: true });
    const [m0, , , , , m5] = h.members;
    const ctx = (userId: string) => ({
      db: h.db,
      now: h.clock.now,
      actor: h.actor(userId, { channelId: h.channels.topics }),
    });
    expect(await captureTitle(ctx(h.owner), { series, content: 'Not presenting' })).toBeNull();
    expect(await captureTitle(ctx(m0), { series, content: '   \n\u200b\n' })).toBeNull();
    expect((await captureTitle(ctx(m0), { series, content: 'Schedulers' }))?.title).toBe('Schedulers');
    // m5 presents on 2024-08-29: the earliest of their slots without a title.
    expect((await captureTitle(ctx(m5), { series, content: 'Page tables' }))?.date).toBe('2024-08-29');
  });
});
