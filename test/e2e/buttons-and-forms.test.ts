import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { getSwap } from '../../src/store/swaps.ts';
import {
  type APIMessage,
  button,
  type InteractionHandle,
  makeGuildFixture,
  modalSubmit,
  modalSubmitFrom,
} from '../fake-discord/server.ts';
import { at } from '../support/db.ts';
import {
  ephemeral,
  expectSafeMentions,
  type Harness,
  podiumGuild,
  posts,
  seedSeries,
  settle,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  textOf,
  unchangedSince,
  user,
} from './harness.ts';

afterEach(stopHarnesses);

function customIds(message: { components?: unknown }): string[] {
  return [...JSON.stringify(message.components ?? []).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);
}

function press(
  h: Harness,
  customId: string,
  message: APIMessage | string,
  who: string,
  guildId = h.guild.id,
) {
  return h.fake.sendInteraction({
    ...button(customId),
    message,
    user: who,
    guildId,
    channelId: typeof message === 'string' ? h.channels.meetings : message.channel_id,
  });
}

/** `from` asks `to` to swap; returns the request posted in the channel and the swap id. */
async function askSwap(h: Harness, from: string, to: string) {
  expect(await ephemeral(h.run('slot', 'swap', { with: user(to) }, { user: from }))).toContain(
    `Request sent: <@${to}> can answer`,
  );
  await settle(h);
  const message = h.fake
    .messages(h.channels.meetings)
    .findLast((m) => customIds(m).some((id) => id.startsWith('swap:accept:')))!;
  const sent = posts(h.fake, h.channels.meetings).find((r) => textOf(r.body as object) === message.content);
  expect((sent?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions).toEqual({
    parse: [],
    users: [to],
    roles: [],
  });
  const [accept, decline, withdraw] = customIds(message);
  return {
    message,
    accept: accept!,
    decline: decline!,
    withdraw: withdraw!,
    swapId: Number(accept!.split(':')[2]),
  };
}

async function plan(h: Harness, seriesId: number, count = 2) {
  const meetings = (await meetingsAfter(h.db, seriesId, h.clock.now)).slice(0, count);
  return Promise.all(meetings.map(async (m) => (await slotsOfMeeting(h.db, m.id)).map((s) => s.userId)));
}

async function followUpText(handle: InteractionHandle): Promise<string> {
  const body = await handle.waitForFollowup();
  expect(body.flags).toBe(MessageFlags.Ephemeral);
  return textOf(body);
}

describe('swap requests', () => {
  it('accepted by the asked member: the slots are exchanged and the request loses its buttons', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, m1, m2, m3] = h.members;
    const request = await askSwap(h, m0, m2);
    expect(request.message.content).toContain(`<@${m2}>, <@${m0}> would like to swap`);
    expect(request.accept).toMatch(/^swap:accept:\d+$/);

    const accept = press(h, request.accept, request.message, m2);
    const update = await accept.response;
    expect(update.type).toBe(InteractionResponseType.UpdateMessage);
    expect(update.data?.components).toEqual([]);
    expect(update.data?.content).toContain('accepted');
    expect(await followUpText(accept)).toContain(`you swapped with <@${m0}>`);
    expect(h.fake.messages(h.channels.meetings).find((m) => m.id === request.message.id)?.components).toEqual(
      [],
    );
    expect(await plan(h, series.id)).toEqual([
      [m2, m1],
      [m0, m3],
    ]);
    const notice = await h.fake.waitForRequest(
      (r) =>
        r.path === `/channels/${h.channels.meetings}/messages` &&
        /swapped slots/.test(textOf(r.body as object)),
    );
    expect((notice.body as { allowed_mentions: { users: string[] } }).allowed_mentions.users.sort()).toEqual(
      [m0, m2].sort(),
    );

    // Pressed again: the request is finished.
    expect(await ephemeral(press(h, request.accept, request.message.id, m2))).toBe(
      'This swap request is closed (accepted).',
    );
    expectSafeMentions(h.fake, { users: h.members });
  });

  it('declined: nothing moves, and the asker is pinged in the updated request', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [, m1, , m3] = h.members;
    const before = await plan(h, series.id);
    const request = await askSwap(h, m1, m3);
    const decline = press(h, request.decline, request.message, m3);
    const update = await decline.response;
    expect(update.type).toBe(InteractionResponseType.UpdateMessage);
    expect(update.data?.content).toContain('declined');
    expect(update.data?.allowed_mentions).toEqual({ parse: [], users: [m1], roles: [] });
    expect(await followUpText(decline)).toContain(`You declined the swap request from <@${m1}>`);
    expect(await plan(h, series.id)).toEqual(before);
    expect((await getSwap(h.db, request.swapId))?.status).toBe('declined');
  });

  it('pressed by a third member: an ephemeral refusal, the request stays open', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const [m0, , m2, , m4] = h.members;
    const request = await askSwap(h, m0, m2);
    const before = await snapshot(h);
    for (const id of [request.accept, request.decline]) {
      expect(await ephemeral(press(h, id, request.message, m4))).toBe(en['error.swap.notYours']);
    }
    // The asker cannot accept on the other's behalf either; only the asker may withdraw.
    expect(await ephemeral(press(h, request.accept, request.message, m0))).toBe(en['error.swap.notYours']);
    for (const who of [m2, m4]) {
      expect(await ephemeral(press(h, request.withdraw, request.message, who))).toBe(
        `Only <@${m0}> can withdraw this swap request.`,
      );
    }
    expect(await unchangedSince(h, before)).toBe(true);
    expect(customIds(h.fake.messages(h.channels.meetings).find((m) => m.id === request.message.id)!)).toEqual(
      [request.accept, request.decline, request.withdraw],
    );
  });

  it('expired: pressing after the title deadline changes nothing', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, m1, m2, m3] = h.members;
    const request = await askSwap(h, m0, m2);
    h.clock.now = at('2024-07-31 21:00', TZ); // the title deadline of 2024-08-01
    const before = await snapshot(h);
    expect(await ephemeral(press(h, request.accept, request.message, m2))).toBe(
      'This swap request is closed (expired).',
    );
    expect(await unchangedSince(h, before)).toBe(true);
    expect(await plan(h, series.id)).toEqual([
      [m0, m1],
      [m2, m3],
    ]);
  });

  it('refuses forged or foreign buttons, changing nothing', async () => {
    const other = makeGuildFixture({ index: 1, members: 3 });
    const h = await startHarness({ guilds: [podiumGuild(), other] });
    const series = await seedSeries(h);
    const [m0, , m2] = h.members;
    const request = await askSwap(h, m0, m2);
    const meetingId = (await meetingsAfter(h.db, series.id, h.clock.now))[0]!.id;
    const before = await snapshot(h);
    const stranger = other.members[1]!.id;
    const foreign = (customId: string) =>
      ephemeral(
        h.fake.sendInteraction({
          ...button(customId),
          guildId: other.id,
          channelId: other.channels[0]!.id,
          user: stranger,
        }),
      );
    expect(await foreign(request.accept)).toBe(en['error.swap.notFound']);
    expect(await foreign(`claim:${meetingId}`)).toBe(en['error.stale']);
    expect(await ephemeral(press(h, 'swap:accept:987654', request.message.id, m2))).toBe(
      en['error.swap.notFound'],
    );
    for (const forged of ['claim:abc', 'claim:0', 'swap:accept:1:2', 'title:next', 'something-else']) {
      expect(await ephemeral(press(h, forged, request.message.id, m2)), forged).toBe(en['error.stale']);
    }
    expect(await unchangedSince(h, before)).toBe(true);
  });
});

describe('the Claim button of a call for a volunteer', () => {
  it('claims that meeting’s open slot once; a second press is told it is taken', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, m1, , , m4, m5] = h.members;
    await ephemeral(h.run('slot', 'release', {}, { user: m0 }));
    await h.fake.waitForRequest((r) => r.path === `/channels/${h.channels.meetings}/messages`);
    const call = h.fake
      .messages(h.channels.meetings)
      .find((m) => customIds(m).some((id) => id.startsWith('claim:')))!;
    const [claim] = customIds(call);
    expect(claim).toBe(`claim:${(await meetingsAfter(h.db, series.id, h.clock.now))[0]!.id}`);

    expect(await ephemeral(press(h, claim!, call, m4))).toContain('The slot is yours');
    expect(await plan(h, series.id, 1)).toEqual([[m4, m1]]);
    expect(await ephemeral(press(h, claim!, call, m5))).toBe(
      'The slot on 2024-08-01 is already taken. See `/meeting schedule` for another.',
    );
    // Someone outside the rotation cannot claim.
    await ephemeral(h.run('slot', 'release', {}, { user: m1 }));
    expect(await ephemeral(press(h, claim!, call, h.owner))).toContain('is not in the rotation');
  });
});

describe('the title form', () => {
  it('opens without a title, and stores what is submitted', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [, m1] = h.members;
    const open = h.run('topic', 'set', {}, { user: m1 });
    const modal = await open.response;
    expect(modal.type).toBe(InteractionResponseType.Modal);
    const meetingId = (await meetingsAfter(h.db, series.id, h.clock.now))[0]!.id;
    expect(modal.data).toMatchObject({ custom_id: `title:${meetingId}`, title: 'Your talk title' });
    expect(JSON.stringify(modal.data?.components)).toContain('"max_length":200');

    const submit = h.fake.sendInteraction({
      ...modalSubmitFrom(modal.data ?? {}, { title: 'Memory tagging on RISC-V' }),
      user: m1,
      channelId: h.channels.meetings,
    });
    expect(await ephemeral(submit)).toContain('**Memory tagging on RISC-V**');
    expect((await slotsOfMeeting(h.db, meetingId)).find((s) => s.userId === m1)?.title).toBe(
      'Memory tagging on RISC-V',
    );

    // Opened again: prefilled with the current title.
    const again = await h.run('topic', 'set', {}, { user: m1 }).response;
    expect(JSON.stringify(again.data?.components)).toContain('"value":"Memory tagging on RISC-V"');
  });

  it('refuses before opening when the member does not present, and refuses forged forms', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, , , , m4] = h.members;
    expect(await ephemeral(h.run('topic', 'set', { meeting: '2024-08-15' }, { user: m0 }))).toBe(
      'You are not presenting on 2024-08-15. See `/meeting schedule`.',
    );
    const meetingId = (await meetingsAfter(h.db, series.id, h.clock.now))[0]!.id;
    const before = await snapshot(h);
    const submit = (customId: string, who: string) =>
      ephemeral(
        h.fake.sendInteraction({
          ...modalSubmit(customId, { title: 'Hijack' }),
          user: who,
          channelId: h.channels.meetings,
        }),
      );
    // m4 does not present on 2024-08-01: a form for that meeting cannot set m0's title.
    expect(await submit(`title:${meetingId}`, m4)).toBe(
      'You are not presenting on 2024-08-01. See `/meeting schedule`.',
    );
    expect(await submit('title:999999', m0)).toBe(en['error.stale']);
    expect(await submit('minutes:1', m0)).toBe(en['error.stale']);
    expect(await unchangedSince(h, before)).toBe(true);
  });
});
