/**
 * Messages that outlive their buttons: a swap request once answered, expired
 * or withdrawn, and a call for a volunteer once its slot is taken, are edited
 * in the channel (their buttons removed). Checked on the messages the fake
 * Discord stores, in both languages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Language } from '../../src/domain/model.ts';
import { t } from '../../src/i18n/catalog.ts';
import { editsOfPost } from '../../src/store/message-edits.ts';
import { swapPostOf } from '../../src/store/swaps.ts';
import { type APIMessage, button } from '../fake-discord/server.ts';
import { at } from '../support/db.ts';
import {
  ephemeral,
  expectSafeMentions,
  type Harness,
  seedSeries,
  settle,
  startHarness,
  stopHarnesses,
  TZ,
  user,
} from './harness.ts';

afterEach(stopHarnesses);

const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

function customIds(message: { components?: unknown }): string[] {
  return [...JSON.stringify(message.components ?? []).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);
}

/** The message as the channel shows it now. */
function stored(h: Harness, id: string): APIMessage {
  const found = h.fake.messages(h.channels.meetings).find((m) => m.id === id);
  if (!found) throw new Error(`message ${id} is gone`);
  return found;
}

function press(h: Harness, customId: string, message: APIMessage, who: string) {
  return h.fake.sendInteraction({
    ...button(customId),
    message,
    user: who,
    guildId: h.guild.id,
    channelId: message.channel_id,
  });
}

/** The edits of a message (PATCH on the channel message, not an interaction's update). */
function patches(h: Harness, messageId: string) {
  return h.fake.requestsMatching(
    'PATCH',
    new RegExp(`^/channels/${h.channels.meetings}/messages/${messageId}$`),
  );
}

/** `from` asks `to`; the request post once delivered, and its swap id. */
async function ask(h: Harness, from: string, to: string, lang: Language) {
  const reply = await ephemeral(h.run('slot', 'swap', { with: user(to) }, { user: from, locale: lang }));
  expect(reply).toContain(`<@${to}>`);
  await settle(h);
  const message = h.fake
    .messages(h.channels.meetings)
    .findLast(
      (m) => customIds(m).some((id) => id.startsWith('swap:accept:')) && m.content.includes(`<@${from}>`),
    )!;
  expect(message, 'the request is posted in the channel').toBeDefined();
  const swapId = Number(customIds(message)[0]!.split(':')[2]);
  expect(customIds(message)).toEqual([
    `swap:accept:${swapId}`,
    `swap:decline:${swapId}`,
    `swap:withdraw:${swapId}`,
  ]);
  return { message, swapId };
}

describe('a swap request message', () => {
  for (const lang of LANGUAGES) {
    it(`says how it ended and loses its buttons: accepted, declined, withdrawn, replaced, expired (${lang})`, async () => {
      const h = await startHarness();
      await seedSeries(h, { language: lang });
      const [m0, m1, m2, m3, m4, m5] = h.members;
      const names = (from: string, to: string) => ({ from: `<@${from}>`, to: `<@${to}>` });

      // Accepted with the button: the press updates it, and the queued edit confirms it.
      const accepted = await ask(h, m0, m2, lang);
      const accept = press(h, `swap:accept:${accepted.swapId}`, accepted.message, m2);
      await accept.response;
      await accept.waitForFollowup();
      await settle(h);
      let message = stored(h, accepted.message.id);
      expect(message.components).toEqual([]);
      expect(message.content).toBe(t(lang, 'reply.swap.accepted', names(m0, m2)));
      expect(patches(h, accepted.message.id)).toHaveLength(1);
      expect(
        (await editsOfPost(h.db, (await swapPostOf(h.db, accepted.swapId))!)).map((e) => e.state),
      ).toEqual(['done']);

      // Declined: the asker is pinged in the edited message.
      const declined = await ask(h, m1, m3, lang);
      await press(h, `swap:decline:${declined.swapId}`, declined.message, m3).response;
      await settle(h);
      message = stored(h, declined.message.id);
      expect(message.components).toEqual([]);
      expect(message.content).toBe(t(lang, 'reply.swap.declined', names(m1, m3)));
      const declineEdit = patches(h, declined.message.id).at(-1)!;
      expect((declineEdit.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
        parse: [],
        users: [m1],
        roles: [],
      });

      // Withdrawn with the asker's button.
      const byButton = await ask(h, m1, m3, lang);
      await press(h, `swap:withdraw:${byButton.swapId}`, byButton.message, m1).response;
      await settle(h);
      message = stored(h, byButton.message.id);
      expect(message.components).toEqual([]);
      expect(message.content).toBe(t(lang, 'reply.swap.withdrawn', names(m1, m3)));

      // Withdrawn with the command: no button pressed, so only the edit changes the message.
      const byCommand = await ask(h, m4, m1, lang);
      expect(
        await ephemeral(
          h.run('slot', 'swap', { with: user(m1), withdraw: true }, { user: m4, locale: lang }),
        ),
      ).toBe(t(lang, 'reply.swapCancelled', { to: `<@${m1}>` }));
      expect(patches(h, byCommand.message.id)).toHaveLength(0);
      await settle(h);
      message = stored(h, byCommand.message.id);
      expect(message.components).toEqual([]);
      expect(message.content).toBe(t(lang, 'reply.swap.withdrawn', names(m4, m1)));
      expect(patches(h, byCommand.message.id)).toHaveLength(1);
      // Nothing left to withdraw.
      expect(
        await ephemeral(
          h.run('slot', 'swap', { with: user(m1), withdraw: true }, { user: m4, locale: lang }),
        ),
      ).toBe(t(lang, 'error.swap.noneToWithdraw', { user: m1 }));

      // Replaced by a new request for the same slot: the first one says it was withdrawn.
      const first = await ask(h, m5, m3, lang);
      const second = await ask(h, m5, m1, lang);
      message = stored(h, first.message.id);
      expect(message.components).toEqual([]);
      expect(message.content).toBe(t(lang, 'reply.swap.withdrawn', names(m5, m3)));
      expect(customIds(stored(h, second.message.id))).toHaveLength(3);

      // Expired at the title deadline of the earlier meeting (2024-08-01): the next heartbeat closes it.
      h.clock.now = at('2024-07-31 21:00', TZ);
      await settle(h);
      message = stored(h, second.message.id);
      expect(message.components).toEqual([]);
      expect(message.content).toBe(t(lang, 'reply.swap.expired', names(m5, m1)));
      expectSafeMentions(h.fake, { users: h.members });
    });
  }
});

describe('a call for a volunteer', () => {
  for (const lang of LANGUAGES) {
    it(`loses its Claim button once the slot is claimed, or assigned (${lang})`, async () => {
      const h = await startHarness();
      await seedSeries(h, { language: lang });
      const [m0, m1, , , m4, m5] = h.members;
      const call = async (who: string) => {
        await ephemeral(h.run('slot', 'release', {}, { user: who, locale: lang }));
        await settle(h);
        return h.fake
          .messages(h.channels.meetings)
          .findLast(
            (m) => customIds(m).some((id) => id.startsWith('claim:')) && m.content.includes(`<@${who}>`),
          )!;
      };

      const first = await call(m0);
      expect(first.content).toContain(t(lang, 'post.release.how'));
      await ephemeral(h.run('slot', 'claim', { meeting: '2024-08-01' }, { user: m4, locale: lang }));
      await settle(h);
      let message = stored(h, first.id);
      expect(message.components).toEqual([]);
      expect(message.content).toContain(t(lang, 'post.release.filled'));
      expect(message.content).not.toContain(t(lang, 'post.release.how'));
      // What it said before stays: who gave the slot up, and when.
      expect(message.content).toContain(`<@${m0}>`);

      const second = await call(m1);
      expect(customIds(second)).toHaveLength(1);
      await ephemeral(h.run('slot', 'assign', { meeting: '2024-08-01', user: user(m5) }, { locale: lang }));
      await settle(h);
      message = stored(h, second.id);
      expect(message.components).toEqual([]);
      expect(message.content).toContain(t(lang, 'post.release.filled'));
      expectSafeMentions(h.fake, { users: h.members });
    });
  }

  it('keeps the claim even when Discord refuses the edit for a while; the edit goes through later', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const [m0, , , , m4] = h.members;
    await ephemeral(h.run('slot', 'release', {}, { user: m0 }));
    await settle(h);
    const callMessage = h.fake
      .messages(h.channels.meetings)
      .findLast((m) => customIds(m).some((id) => id.startsWith('claim:')))!;
    h.fake.failNext({ method: 'PATCH', path: /\/messages\/\d+$/, status: 500, count: 8 });
    expect(await ephemeral(h.run('slot', 'claim', {}, { user: m4 }))).toContain('The slot is yours');
    await settle(h);
    // The claim stands; the message still shows its button, and the edit waits for another try.
    expect(customIds(stored(h, callMessage.id))).toHaveLength(1);
    const outboxId = (await h.db.get<{ id: number }>(`SELECT id FROM outbox WHERE kind = 'notice:release'`))!
      .id;
    const pending = await editsOfPost(h.db, outboxId);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect(pending[0]!.lastError).toMatch(/500/);
    for (let i = 0; i < 6 && (await editsOfPost(h.db, outboxId))[0]!.state === 'pending'; i++) {
      h.clock.now += 15 * 60_000;
      await settle(h);
    }
    expect((await editsOfPost(h.db, outboxId)).map((e) => e.state)).toEqual(['done']);
    expect(stored(h, callMessage.id).components).toEqual([]);
  });
});
