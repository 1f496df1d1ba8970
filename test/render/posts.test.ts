import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { Language, Series } from '../../src/domain/model.ts';
import { t } from '../../src/i18n/catalog.ts';
import { parseCustomId } from '../../src/render/custom-ids.ts';
import { type PostInput, renderPost } from '../../src/render/posts.ts';
import { expectNoPlaceholders, expectWithinLimits, joined, LIVE_INJECTED, sorted } from './check.ts';
import {
  ALICE,
  BOB,
  CAROL,
  CHANNEL,
  DAVE,
  LANGUAGES,
  meeting,
  NEXT_START,
  ROLE,
  START,
  START_UNIX,
  series,
  TOPIC,
  view,
} from './fixtures.ts';

const EVIL = 'Pwn @everyone and @here, <@&123> <@456> <@!456> <#789> **bold** `code` ||spoiler||';

/** One input per post kind, with who each must ping (users, roles). */
function cases(lang: Language, organiserRoleId: string | null = ROLE) {
  const s = series({ language: lang });
  const m = view(s, meeting(), [
    [ALICE, 'Memory tiering in practice'],
    [BOB, null],
  ]);
  const next = view(s, meeting({ id: 8, seq: 4, startsAt: NEXT_START, plannedAt: NEXT_START }), [
    [CAROL, null],
    [DAVE, null],
  ]);
  const base = { series: s, meeting: m, next, organiserRoleId };
  const at = START;
  const list: { input: PostInput; users: string[]; roles: string[] }[] = [
    { input: { ...base, kind: 'title_request', data: null }, users: [ALICE, BOB], roles: [] },
    {
      input: { ...base, kind: 'title_nudge', data: null },
      users: [BOB],
      roles: organiserRoleId ? [ROLE] : [],
    },
    { input: { ...base, kind: 'agenda', data: null }, users: [ALICE, BOB], roles: [] },
    { input: { ...base, kind: 'follow_up', data: null }, users: [], roles: [] },
    {
      input: {
        ...base,
        kind: 'notice:postpone',
        data: { from: at, to: at + 3 * 86_400_000, reason: 'Conference' },
      },
      users: [ALICE, BOB],
      roles: [],
    },
    {
      input: { ...base, kind: 'notice:skip', data: { at, reason: 'Holiday', presenters: [ALICE, BOB] } },
      users: [ALICE, BOB],
      roles: [],
    },
    {
      input: {
        ...base,
        meeting: null,
        kind: 'notice:pause',
        data: { from: '2024-12-01', until: '2025-01-01', reason: 'Exams', cancelled: [at, NEXT_START] },
      },
      users: [],
      roles: [],
    },
    {
      input: {
        ...base,
        meeting: null,
        kind: 'notice:resume',
        data: { from: '2024-12-01', until: '2025-01-01' },
      },
      users: [CAROL, DAVE],
      roles: [],
    },
    {
      input: { ...base, kind: 'notice:swap', data: { a: ALICE, b: CAROL, aAt: at, bAt: NEXT_START } },
      users: [ALICE, CAROL],
      roles: [],
    },
    {
      input: { ...base, kind: 'notice:swap', data: { a: ALICE, b: CAROL, aAt: at, bAt: null } },
      users: [ALICE, CAROL],
      roles: [],
    },
    { input: { ...base, kind: 'notice:release', data: { at, user: ALICE } }, users: [ALICE], roles: [] },
    { input: { ...base, kind: 'notice:claim', data: { at, user: CAROL } }, users: [CAROL], roles: [] },
    {
      input: { ...base, kind: 'notice:assign', data: { at, user: CAROL, replaced: BOB } },
      users: [CAROL, BOB],
      roles: [],
    },
    {
      input: { ...base, kind: 'notice:assign', data: { at, user: CAROL, replaced: null } },
      users: [CAROL],
      roles: [],
    },
    {
      input: {
        ...base,
        kind: 'swap:request',
        data: { swapId: 5, from: ALICE, to: CAROL, fromAt: at, toAt: NEXT_START, expiresAt: at - 86_400_000 },
      },
      users: [CAROL],
      roles: [],
    },
    {
      input: {
        ...base,
        kind: 'alert:failed',
        data: null,
        failure: { kind: 'agenda', attempts: 3, error: 'DiscordAPIError[50001]: Missing Access', dueAt: at },
      },
      users: [],
      roles: organiserRoleId ? [ROLE] : [],
    },
  ];
  return list;
}

describe('renderPost: posts meant for organisers', () => {
  it('never mention @everyone (the guild id) even if it was stored as the organiser role', () => {
    for (const lang of LANGUAGES) {
      for (const { input } of cases(lang).filter((c) =>
        ['title_nudge', 'alert:failed'].includes(c.input.kind),
      )) {
        const p = renderPost({ ...input, organiserRoleId: input.series.guildId });
        expect(p.allowedMentions.roles).toEqual([]);
        expect(p.content).not.toContain('<@&');
        expect(p.content).toContain(t(lang, 'common.organisers'));
      }
    }
  });
});

describe('renderPost: who is pinged', () => {
  for (const lang of LANGUAGES) {
    for (const roleId of [ROLE, null]) {
      for (const { input, users, roles } of cases(lang, roleId)) {
        it(`${input.kind} (${lang}, role ${roleId ? 'set' : 'unset'}) pings exactly ${users.length} user(s)`, () => {
          const p = renderPost(input);
          expect(p.allowedMentions.parse).toEqual([]);
          expect(sorted(p.allowedMentions.users)).toEqual(sorted(users));
          expect(sorted(p.allowedMentions.roles)).toEqual(sorted(roles));
          // A user who is pinged is mentioned in the content (embeds never ping).
          for (const id of users) expect(p.content).toContain(`<@${id}>`);
          for (const id of roles) expect(p.content).toContain(`<@&${id}>`);
          expectWithinLimits(p);
          expectNoPlaceholders(p);
        });
      }
    }
  }

  it('the follow-up shows the next presenters as mentions without pinging them', () => {
    const p = renderPost(cases('en').find((c) => c.input.kind === 'follow_up')!.input);
    expect(p.content).toContain(`<@${CAROL}>`);
    expect(p.content).toContain(`<@${DAVE}>`);
    expect(p.allowedMentions.users).toEqual([]);
  });

  it('the nudge names the organiser role only when it is set, and says "organisers" otherwise', () => {
    for (const lang of LANGUAGES) {
      const withRole = renderPost(cases(lang, ROLE)[1]!.input);
      expect(withRole.content).toContain(`<@&${ROLE}>`);
      const without = renderPost(cases(lang, null)[1]!.input);
      expect(without.content).not.toMatch(/<@&\d+>/);
      expect(without.content).toContain(t(lang, 'common.organisers'));
      expect(without.allowedMentions.roles).toEqual([]);
      // Only the presenter still missing a title is mentioned.
      expect(withRole.content).not.toContain(`<@${ALICE}>`);
    }
  });

  it('the nudge pings nobody once every title is in', () => {
    const s = series();
    const m = view(s, meeting(), [
      [ALICE, 'A'],
      [BOB, 'B'],
    ]);
    const p = renderPost({
      kind: 'title_nudge',
      series: s,
      meeting: m,
      next: null,
      data: null,
      organiserRoleId: ROLE,
    });
    expect(p.allowedMentions.users).toEqual([]);
    expect(p.allowedMentions.roles).toEqual([]);
    expect(p.content).not.toMatch(/<@&?\d+>/);
  });
});

describe('renderPost: content', () => {
  it('the title request shows start and deadline as Discord timestamps with the right unix seconds', () => {
    const p = renderPost(cases('en')[0]!.input);
    expect(p.content).toContain(`<t:${START_UNIX}:F>`);
    expect(p.content).toContain(`<t:${START_UNIX}:R>`);
    // Deadline: one day before by default (the nudge offset).
    expect(p.content).toContain(`<t:${START_UNIX - 86_400}:F>`);
    expect(p.content).toContain('/topic set');
    expect(p.content).toContain(`<#${TOPIC}>`);
  });

  it('the title request without a topic channel only tells about /topic set', () => {
    const s = series({ topicChannelId: null });
    const m = view(s, meeting(), [[ALICE, null]]);
    const p = renderPost({
      kind: 'title_request',
      series: s,
      meeting: m,
      next: null,
      data: null,
      organiserRoleId: null,
    });
    expect(p.content).toContain('/topic set');
    expect(p.content).not.toMatch(/<#\d+>/);
  });

  it('the agenda embed has the series, time, link, each presenter with title or a marker, and the free discussion', () => {
    for (const lang of LANGUAGES) {
      const p = renderPost(cases(lang)[2]!.input);
      const embed = p.embeds[0]!;
      expect(embed.title).toContain('Kernel SIG');
      expect(embed.description).toContain(`<t:${START_UNIX}:F>`);
      expect(embed.description).toContain(`<t:${START_UNIX}:R>`);
      expect(embed.description).toContain('https://meet.example.com/podium');
      expect(embed.description).toContain(`<@${ALICE}>`);
      expect(embed.description).toContain('Memory tiering in practice');
      expect(embed.description).toContain(`<@${BOB}>`);
      expect(embed.description).toContain(t(lang, 'common.titleToCome'));
      expect(embed.description).toContain(t(lang, 'post.agenda.discussion'));
      // The discussion comes after the talks.
      expect(embed.description!.indexOf(t(lang, 'post.agenda.discussion'))).toBeGreaterThan(
        embed.description!.indexOf(`<@${BOB}>`),
      );
    }
  });

  it('the agenda without a link says how to set one', () => {
    const s = series({ link: null });
    const m = view(s, meeting(), [[ALICE, null]]);
    const p = renderPost({
      kind: 'agenda',
      series: s,
      meeting: m,
      next: null,
      data: null,
      organiserRoleId: null,
    });
    expect(p.embeds[0]!.description).toContain('/meeting link');
  });

  it('the follow-up asks for /minutes add and names the next meeting', () => {
    const p = renderPost(cases('en')[3]!.input);
    expect(p.content).toContain('/minutes add');
    expect(p.content).toContain(`<t:${Math.floor(NEXT_START / 1000)}:F>`);
  });

  it('the skip notice says the presenters move to the next meeting, with its date', () => {
    const p = renderPost(cases('en')[5]!.input);
    expect(p.content).toContain(`<t:${START_UNIX}:F>`);
    expect(p.content).toContain(`<t:${Math.floor(NEXT_START / 1000)}:F>`);
    expect(p.content).toContain('Holiday');
  });

  it('the pause notice lists the cancelled meetings; the resume notice gives the next meeting', () => {
    const pause = renderPost(cases('en')[6]!.input);
    expect(pause.content).toContain('2024-12-01');
    expect(pause.content).toContain('2025-01-01');
    expect(pause.content).toContain(`<t:${START_UNIX}:D>`);
    expect(pause.content).toContain(`<t:${Math.floor(NEXT_START / 1000)}:D>`);
    const resume = renderPost(cases('en')[7]!.input);
    expect(resume.content).toContain(`<t:${Math.floor(NEXT_START / 1000)}:F>`);
    expect(resume.content).toContain(`<@${CAROL}>`);
  });

  it('the release notice carries a Claim button while a slot is open, and says the meeting is full once it is not', () => {
    for (const lang of LANGUAGES) {
      const input = cases(lang)[10]!.input;
      const full = renderPost(input);
      expect(full.components).toEqual([]);
      expect(full.content).toContain(t(lang, 'post.release.filled'));
      expect(full.content).not.toContain(t(lang, 'post.release.how'));
      const open = view(input.series, meeting(), [
        [ALICE, null],
        [null, null],
      ]);
      const p = renderPost({ ...input, meeting: open });
      expect(p.content).toContain(t(lang, 'post.release.how'));
      expect(p.content).not.toContain(t(lang, 'post.release.filled'));
      expect(p.components).toHaveLength(1);
      const button = p.components[0]!.components[0]!;
      expect(button.type).toBe(ComponentType.Button);
      if (button.type !== ComponentType.Button || !('custom_id' in button))
        throw new Error('not a custom-id button');
      expect(button.style).toBe(ButtonStyle.Primary);
      expect(button.label).toBe(t(lang, 'button.claim'));
      expect(parseCustomId(button.custom_id)).toEqual({ kind: 'claim', meetingId: 7 });
    }
  });

  it('other notices carry no buttons; the follow-up offers to add the summary, the swap request its answers', () => {
    for (const c of cases('en')) {
      const { components } = renderPost(c.input);
      if (c.input.kind === 'follow_up') {
        const button = components[0]?.components[0];
        expect(button && 'custom_id' in button && parseCustomId(button.custom_id)).toEqual({
          kind: 'minutes-form',
          meetingId: c.input.meeting!.meeting.id,
        });
      } else if (c.input.kind === 'swap:request') {
        expect(components[0]?.components.map((b) => 'custom_id' in b && parseCustomId(b.custom_id))).toEqual([
          { kind: 'swap-accept', swapId: 5 },
          { kind: 'swap-decline', swapId: 5 },
          { kind: 'swap-withdraw', swapId: 5 },
        ]);
      } else if (c.input.kind !== 'notice:release') expect(components).toEqual([]);
    }
  });

  it('the delivery alert says how often, which post, the error and what to check', () => {
    for (const lang of LANGUAGES) {
      const p = renderPost(cases(lang).at(-1)!.input);
      expect(p.content).toContain('3');
      expect(p.content).toContain(t(lang, 'kind.agenda'));
      expect(p.content).toContain(`<t:${START_UNIX}:F>`);
      expect(p.content).toContain('Missing Access');
      expect(p.content).toContain(`<#${CHANNEL}>`);
    }
    expect(renderPost(cases('en').at(-1)!.input).content).toMatch(/View Channel.*Send Messages.*Embed Links/);
  });

  it('zh-CN and en posts differ for every kind', () => {
    const en = cases('en');
    const zh = cases('zh-CN');
    en.forEach((c, i) => {
      expect(joined(renderPost(c.input))).not.toBe(joined(renderPost(zh[i]!.input)));
    });
  });

  it('refuses an unknown kind, and a reminder without its meeting', () => {
    const s = series();
    expect(() =>
      renderPost({ kind: 'nope', series: s, meeting: null, next: null, data: null, organiserRoleId: null }),
    ).toThrow(/unknown/);
    expect(() =>
      renderPost({ kind: 'agenda', series: s, meeting: null, next: null, data: null, organiserRoleId: null }),
    ).toThrow(/meeting/);
  });
});

describe('renderPost: user text cannot ping', () => {
  function evilSeries(lang: Language): Series {
    return series({ language: lang, name: `SIG ${EVIL}` });
  }

  for (const lang of LANGUAGES) {
    it(`titles, reasons and the series name stay inert (${lang})`, () => {
      const s = evilSeries(lang);
      const m = view(s, meeting({ status: 'postponed', reason: EVIL }), [
        [ALICE, EVIL],
        [BOB, null],
      ]);
      const base = { series: s, meeting: m, next: m, organiserRoleId: null };
      const posts = [
        renderPost({ ...base, kind: 'title_request', data: null }),
        renderPost({ ...base, kind: 'title_nudge', data: null }),
        renderPost({ ...base, kind: 'agenda', data: null }),
        renderPost({ ...base, kind: 'follow_up', data: null }),
        renderPost({ ...base, kind: 'notice:postpone', data: { from: START, to: NEXT_START, reason: EVIL } }),
        renderPost({ ...base, kind: 'notice:skip', data: { at: START, reason: EVIL, presenters: [ALICE] } }),
        renderPost({
          ...base,
          kind: 'notice:pause',
          data: { from: '2024-12-01', until: '2025-01-01', reason: EVIL, cancelled: [] },
        }),
        renderPost({
          ...base,
          kind: 'alert:failed',
          data: null,
          failure: { kind: 'agenda', attempts: 2, error: EVIL, dueAt: START },
        }),
      ];
      for (const p of posts) {
        const text = joined(p);
        expect(text).not.toMatch(LIVE_INJECTED);
        expect(p.allowedMentions.users).not.toContain('456');
        expect(p.allowedMentions.roles).not.toContain('123');
        expect(p.allowedMentions.parse).toEqual([]);
        // Markdown from user text is escaped, not applied.
        expect(text).not.toContain('**bold**');
        expect(text).not.toContain('||spoiler||');
        expectWithinLimits(p);
      }
      // The agenda still shows the title's words.
      expect(joined(posts[2]!)).toContain('Pwn');
    });
  }

  it('refuses notice data whose user ids are not Discord ids rather than mention them', () => {
    const s = series();
    const input = (b: unknown): PostInput => ({
      kind: 'notice:swap',
      series: s,
      meeting: null,
      next: null,
      data: { a: ALICE, b, aAt: START, bAt: null },
      organiserRoleId: null,
    });
    expect(() => renderPost(input('everyone'))).toThrow(/needs a, b/);
    expect(() => renderPost(input('<@&123>'))).toThrow(/needs a, b/);
    expect(renderPost(input(CAROL)).allowedMentions.users).toEqual([ALICE, CAROL]);
  });
});
