import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { minutesOfMeeting } from '../../src/store/minutes.ts';
import {
  type APIMessage,
  autocomplete,
  button,
  type InteractionCallbackBody,
  type InteractionHandle,
  modalSubmit,
  modalSubmitFrom,
  type OptionInput,
} from '../fake-discord/server.ts';
import { at } from '../support/db.ts';
import {
  ephemeral,
  expectSafeMentions,
  type Harness,
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

type ModalData = NonNullable<InteractionCallbackBody['data']>;

/** The form an interaction answered with (callback type 9). */
async function formOf(handle: InteractionHandle): Promise<ModalData> {
  const response = await handle.response;
  expect(response.type, JSON.stringify(response.data)).toBe(InteractionResponseType.Modal);
  return response.data ?? {};
}

/** Fills in and submits a form the bot showed, as `who`, in the meetings channel. */
function submit(h: Harness, form: ModalData, summary: string, who: string): InteractionHandle {
  return h.fake.sendInteraction({
    ...modalSubmitFrom(form, { summary }),
    user: who,
    channelId: h.channels.meetings,
  });
}

/** A submit of a form the bot never showed (forged custom id or value). */
function forged(h: Harness, customId: string, summary: string, who: string): InteractionHandle {
  return h.fake.sendInteraction({
    ...modalSubmit(customId, { summary }),
    user: who,
    channelId: h.channels.meetings,
  });
}

/** The text input of a form: its prefilled value and limits. */
function inputOf(form: ModalData): { value?: string; max_length?: number; custom_id?: string } {
  const label = (form.components ?? [])[0] as { component?: Record<string, unknown> } | undefined;
  return (label?.component ?? {}) as { value?: string; max_length?: number; custom_id?: string };
}

/** The meeting of 2024-08-01 (Ana and Bo, i.e. members 0 and 1), with a title set, and the clock after it. */
async function heldMeeting(h: Harness) {
  const series = await seedSeries(h);
  const [m0] = h.members;
  const first = (await meetingsAfter(h.db, series.id, h.clock.now))[0]!;
  await ephemeral(h.run('topic', 'set', { title: 'Memory tagging on RISC-V' }, { user: m0 }));
  h.clock.now = at('2024-08-02 10:00', TZ);
  await settle(h);
  return { series, meetingId: first.id };
}

/** Runs a command that must be refused: the ephemeral error, and the database unchanged. */
async function refused(
  h: Harness,
  command: [string, string, Record<string, OptionInput>],
  as: { user?: string; locale?: string } = {},
): Promise<string> {
  const before = await snapshot(h);
  const text = await ephemeral(h.run(...command, as));
  expect(await unchangedSince(h, before), `/${command[0]} ${command[1]} changed the database`).toBe(true);
  return text;
}

describe('the summary form', () => {
  it('/minutes add opens a form with the talks; the submit is stored, posted and shown by /minutes show', async () => {
    const h = await startHarness();
    const { meetingId } = await heldMeeting(h);
    const [, , m2] = h.members;

    const form = await formOf(h.run('minutes', 'add', {}, { user: m2 }));
    expect(form.custom_id).toBe(`minutes:add:${meetingId}`);
    expect(form.title).toBe('Summary of the meeting on 2024-08-01');
    const shown = JSON.stringify(form.components);
    // The meeting's presenters, by display name, and their titles are the form's context.
    expect(shown).toContain('Member 2 of guild 0');
    expect(shown).toContain('Member 3 of guild 0');
    expect(shown).toContain('Memory tagging on RISC-V');
    expect(inputOf(form)).toMatchObject({ custom_id: 'summary', max_length: 4000 });
    expect(inputOf(form).value).toBe(
      '1. Member 2 of guild 0: Memory tagging on RISC-V\n2. Member 3 of guild 0: title to come\n\nNotes:\n',
    );

    const body = 'Ana showed MTE on RISC-V; Bo ran the Q&A.\n\nSlides: https://slides.example/mte';
    expect(await ephemeral(submit(h, form, body, m2))).toBe(
      `📝 Your summary of the meeting on 2024-08-01 is saved; it will be posted in <#${h.channels.meetings}>.`,
    );
    expect((await minutesOfMeeting(h.db, meetingId)).map((m) => [m.authorId, m.body])).toEqual([[m2, body]]);

    // The channel gets it through the outbox, in the series language, pinging nobody.
    const post = await h.fake.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${h.channels.meetings}/messages` &&
        /wrote the summary/.test(textOf(r.body as object)),
    );
    expect(textOf(post.body as object)).toContain('Slides: https://slides.example/mte');
    expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      users: [],
      roles: [],
    });

    for (const options of [{}, { meeting: '2024-08-01' }]) {
      const list = await ephemeral(h.run('minutes', 'show', options));
      expect(list).toContain('Kernel SIG — summaries of 2024-08-01');
      expect(list).toContain(`By <@${m2}>`);
      expect(list).toContain('Ana showed MTE on RISC-V');
    }
    expectSafeMentions(h.fake, { users: h.members });
  });

  it('opens from the follow-up’s Add summary button, for that meeting', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [, , , m3] = h.members;
    const first = (await meetingsAfter(h.db, series.id, h.clock.now))[0]!;
    h.clock.now = at('2024-08-01 23:01', TZ); // the follow-up is due two hours after the start
    await settle(h);
    const followUp = h.fake
      .messages(h.channels.meetings)
      .find((m) => JSON.stringify(m.components ?? []).includes(`"custom_id":"minutes:${first.id}"`));
    expect(followUp, 'the follow-up with its button').toBeDefined();

    const press = (message: APIMessage, who: string) =>
      h.fake.sendInteraction({
        ...button(`minutes:${first.id}`),
        message,
        user: who,
        channelId: h.channels.meetings,
      });
    const form = await formOf(press(followUp!, m3));
    expect(form.custom_id).toBe(`minutes:add:${first.id}`);
    expect(await ephemeral(submit(h, form, 'Notes from the button', m3))).toContain('is saved');
    expect((await minutesOfMeeting(h.db, first.id)).map((m) => [m.authorId, m.body])).toEqual([
      [m3, 'Notes from the button'],
    ]);
    // A button naming an unknown meeting opens nothing.
    const before = await snapshot(h);
    const stale = h.fake.sendInteraction({
      ...button('minutes:999999'),
      user: m3,
      channelId: h.channels.meetings,
    });
    expect(await ephemeral(stale)).toBe(en['error.stale']);
    expect(await unchangedSince(h, before)).toBe(true);
  });

  it('adding again edits the author’s summary; an organiser edits anyone’s; other members are refused', async () => {
    const h = await startHarness();
    const { meetingId } = await heldMeeting(h);
    const [, , m2, , m4] = h.members;
    await ephemeral(submit(h, await formOf(h.run('minutes', 'add', {}, { user: m2 })), 'First draft', m2));

    // The author again: the form holds their summary, and the submit replaces it.
    const again = await formOf(h.run('minutes', 'add', {}, { user: m2 }));
    expect(inputOf(again).value).toBe('First draft');
    expect(await ephemeral(submit(h, again, 'Second draft', m2))).toContain('is updated');
    expect((await minutesOfMeeting(h.db, meetingId)).map((m) => [m.authorId, m.body])).toEqual([
      [m2, 'Second draft'],
    ]);
    await h.fake.waitForRequest((r) => /updated the summary/.test(textOf((r.body ?? {}) as object)));

    // An organiser edits it through /minutes edit.
    const [summary] = await minutesOfMeeting(h.db, meetingId);
    const edit = await formOf(h.run('minutes', 'edit', { author: user(m2) }));
    expect(edit.custom_id).toBe(`minutes:edit:${summary!.id}`);
    expect(edit.title).toBe('Edit the summary of 2024-08-01');
    expect(inputOf(edit).value).toBe('Second draft');
    expect(await ephemeral(submit(h, edit, 'Tidied by the organiser', h.owner))).toBe(
      `📝 The summary by <@${m2}> of the meeting on 2024-08-01 is updated.`,
    );
    expect((await minutesOfMeeting(h.db, meetingId)).map((m) => [m.authorId, m.body])).toEqual([
      [m2, 'Tidied by the organiser'],
    ]);

    // Another member can neither open the form for it nor submit a forged one.
    expect(await refused(h, ['minutes', 'edit', { author: user(m2) }], { user: m4 })).toBe(
      en['error.minutes.notYours'],
    );
    const before = await snapshot(h);
    expect(await ephemeral(forged(h, `minutes:edit:${summary!.id}`, 'Hijacked', m4))).toBe(
      en['error.minutes.notYours'],
    );
    expect(await unchangedSince(h, before)).toBe(true);
    // Nothing to edit: a clear answer.
    expect(await refused(h, ['minutes', 'edit', {}], { user: m4 })).toBe(
      `<@${m4}> has not written a summary of the meeting on 2024-08-01. See \`/minutes show\`.`,
    );
  });

  it('refuses bad input clearly and ephemerally, changing nothing', async () => {
    const h = await startHarness();
    const { meetingId } = await heldMeeting(h);
    const [, , m2] = h.members;

    // The form caps the length, but a forged submit must still be refused.
    const before = await snapshot(h);
    expect(await ephemeral(forged(h, `minutes:add:${meetingId}`, 'x'.repeat(4001), m2))).toBe(
      'The summary has 4001 characters; shorten it to at most 4000.',
    );
    expect(await ephemeral(forged(h, `minutes:add:${meetingId}`, '   \n  ', m2))).toBe(
      en['error.minutes.empty'],
    );
    expect(await ephemeral(forged(h, 'minutes:add:999999', 'A summary', m2))).toBe(en['error.stale']);
    expect(await ephemeral(forged(h, 'minutes:edit:999999', 'A summary', m2))).toBe(
      en['error.minutes.notFound'],
    );
    expect(await unchangedSince(h, before)).toBe(true);

    expect(await refused(h, ['minutes', 'add', { meeting: '2024-08-08' }], { user: m2 })).toBe(
      'There is no meeting on 2024-08-08. See `/meeting schedule` for the dates.',
    );
    expect(await refused(h, ['minutes', 'add', { meeting: '2024-08-15' }], { user: m2 })).toBe(
      'The meeting on 2024-08-15 has not taken place yet; add its summary afterwards.',
    );
    expect(await refused(h, ['minutes', 'show', { meeting: '2024-02-30' }], { user: m2 })).toContain(
      'is not a date on the calendar',
    );
    expect(
      await refused(h, ['minutes', 'add', { meeting: '2024-08-08' }], { user: m2, locale: 'zh-CN' }),
    ).toBe(zhCN['error.meeting.notFound'].replace('{date}', '2024-08-08'));
    const summaryPosts = posts(h.fake, h.channels.meetings).filter((p) =>
      /(wrote|updated) the summary/.test(textOf(p.body as object)),
    );
    expect(summaryPosts).toEqual([]);
  });

  it('before any meeting took place, there is nothing to summarise', async () => {
    const h = await startHarness();
    await seedSeries(h);
    expect(await refused(h, ['minutes', 'add', {}])).toBe(en['error.minutes.noMeeting']);
    expect(await refused(h, ['minutes', 'show', {}])).toBe(en['error.minutes.noMeeting']);
  });

  it('answers in the reader’s language, and suggests the latest meetings that took place', async () => {
    const h = await startHarness();
    await heldMeeting(h);
    h.clock.now = at('2024-08-16 10:00', TZ); // two meetings held
    const zh = await formOf(h.run('minutes', 'add', {}, { user: h.members[2], locale: 'zh-CN' }));
    expect(zh.title).toBe('2024-08-15 例会纪要');
    expect(JSON.stringify(zh.components)).toContain('笔记：');
    expect(await ephemeral(h.run('minutes', 'show', {}, { locale: 'zh-CN' }))).toContain(
      zhCN['reply.minutes.none'],
    );

    const choices = await h.fake.sendInteraction({
      ...autocomplete('minutes', { name: 'meeting', value: '' }, 'add'),
      channelId: h.channels.meetings,
    }).response;
    expect(choices.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(choices.data?.choices?.map((c) => c.value)).toEqual(['2024-08-15', '2024-08-01']);
    expect(choices.data?.choices?.[1]?.name).toBe('2024-08-01 · Member 2 of guild 0, Member 3 of guild 0');
  });
});
