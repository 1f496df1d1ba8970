import type { APIEmbed } from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/domain/model.ts';
import { t } from '../../src/i18n/catalog.ts';
import {
  fitToDiscordLimits,
  type MessagePayload,
  mention,
  safeText,
  truncateText,
  ts,
} from '../../src/render/payload.ts';
import { renderPost } from '../../src/render/posts.ts';
import { renderMeeting, renderRoster, renderSchedule } from '../../src/render/replies.ts';
import { expectNoPlaceholders, expectWithinLimits, joined } from './check.ts';
import {
  ALICE,
  ids,
  LANGUAGES,
  meeting,
  NEXT_START,
  roster,
  START,
  START_UNIX,
  series,
  view,
} from './fixtures.ts';

const DAY = 86_400_000;
const longReason = (n: number) => Array.from({ length: n }, (_, i) => 'abcdefghi '[i % 10]).join('');
/** 200 characters that grow when escaped, with wide characters and an emoji. */
const heavyTitle = (i: number) => `${i}: ${'*_`~|'.repeat(20)}内核🚀${'x'.repeat(200)}`.slice(0, 200);

function tenPresenters(lang: Language) {
  const s = series({ language: lang, presenters: 10 });
  const users = ids(10);
  return view(
    s,
    meeting(),
    users.map((u, i) => [u, heavyTitle(i)] as const),
  );
}

describe('Discord limits under pressure', () => {
  for (const lang of LANGUAGES) {
    it(`a 5,000-character reason stays within every limit (${lang})`, () => {
      const s = series({ language: lang });
      const reason = longReason(5000);
      const m = view(s, meeting({ status: 'postponed', reason }), [[ALICE, null]]);
      const base = { series: s, meeting: m, next: m, organiserRoleId: null };
      const payloads = [
        renderPost({ ...base, kind: 'notice:postpone', data: { from: START, to: START + DAY, reason } }),
        renderPost({ ...base, kind: 'notice:skip', data: { at: START, reason, presenters: [ALICE] } }),
        renderPost({
          ...base,
          kind: 'notice:pause',
          data: { from: '2024-12-01', until: '2025-01-01', reason, cancelled: [START] },
        }),
        renderPost({ ...base, kind: 'agenda', data: null }),
        renderMeeting(m, lang),
        renderSchedule([view(s, meeting({ status: 'skipped', reason }), [])], lang),
      ];
      for (const p of payloads) {
        expectWithinLimits(p);
        expectNoPlaceholders(p);
      }
      // The reason is cut cleanly; the rest of the notice, and the ping, survive.
      for (const p of payloads.slice(0, 2)) {
        expect(p.content).toContain('…');
        expect(p.allowedMentions.users).toEqual([ALICE]);
        expect(p.content).toContain(mention(ALICE));
        expect(p.content).toContain(`<t:${START_UNIX}:F>`);
      }
    });

    it(`10 presenters with 200-character titles stay within every limit (${lang})`, () => {
      const m = tenPresenters(lang);
      const base = { series: m.series, meeting: m, next: m, organiserRoleId: null };
      for (const kind of ['title_request', 'title_nudge', 'agenda', 'follow_up']) {
        const p = renderPost({ ...base, kind, data: null });
        expectWithinLimits(p);
        // Every presenter is still pinged.
        expect(p.allowedMentions.users).toHaveLength(kind === 'follow_up' || kind === 'title_nudge' ? 0 : 10);
      }
      expectWithinLimits(renderMeeting(m, lang));
      // Each mention that is pinged is in the content in full.
      const agenda = renderPost({ ...base, kind: 'agenda', data: null });
      for (const id of agenda.allowedMentions.users) expect(agenda.content).toContain(mention(id));
    });

    it(`a 300-member roster stays within every limit and says how many are left out (${lang})`, () => {
      const p = renderRoster(roster(series({ language: lang }), 300), lang);
      expectWithinLimits(p);
      const text = joined(p);
      const shown = text.match(/<@\d+>/g)?.length ?? 0;
      expect(shown).toBeGreaterThan(50);
      expect(shown).toBeLessThan(300);
      expect(text).toContain(t(lang, 'reply.roster.more', { count: 300 - shown }));
      // In order: the first member first, and no one shown twice.
      expect(text.indexOf('<@100000000000000000>')).toBeLessThan(text.indexOf('<@100000000000000001>'));
      expect(new Set(text.match(/<@\d+>/g)).size).toBe(shown);
    });

    it(`a schedule of 25 meetings with 10 presenters each stays within every limit (${lang})`, () => {
      const s = series({ language: lang, presenters: 10 });
      const views = Array.from({ length: 25 }, (_, i) =>
        view(
          s,
          meeting({ id: 100 + i, seq: i, startsAt: START + i * 14 * DAY, plannedAt: START + i * 14 * DAY }),
          ids(10, BigInt(`9${String(i).padStart(2, '0')}000000000000000`)).map((u) => [u, null] as const),
        ),
      );
      const p = renderSchedule(views, lang);
      expectWithinLimits(p);
      const text = joined(p);
      const lines = text.match(/<t:\d+:f>/g)?.length ?? 0;
      expect(lines).toBeGreaterThan(10);
      if (lines < 25) expect(text).toContain(t(lang, 'reply.schedule.more', { count: 25 - lines }));
      // Two presenters each: all 25 fit.
      const small = renderSchedule(
        views.map((v) => ({ ...v, slots: v.slots.slice(0, 2) })),
        lang,
      );
      expectWithinLimits(small);
      expect(joined(small).match(/<t:\d+:f>/g)).toHaveLength(25);
    });
  }

  it('user text of any shape never pings and never breaks a limit (property)', () => {
    const fragment = fc.constantFrom(
      '@everyone',
      '@here',
      '<@&123>',
      '<@456>',
      '<@!456>',
      '<#789>',
      '**',
      '`',
      '\n',
      '😀',
      '<',
      '@',
    );
    const userText = fc
      .array(fc.oneof(fragment, fc.string({ unit: 'grapheme', maxLength: 30 })), { maxLength: 400 })
      .map((xs) => xs.join(''));
    fc.assert(
      fc.property(userText, userText, fc.constantFrom<Language>('en', 'zh-CN'), (title, reason, lang) => {
        const s = series({ language: lang, name: title.slice(0, 100) });
        const m = view(s, meeting({ status: 'postponed', reason }), [
          [ALICE, title],
          [null, null],
        ]);
        const base = { series: s, meeting: m, next: m, organiserRoleId: null };
        for (const p of [
          renderPost({ ...base, kind: 'agenda', data: null }),
          renderPost({ ...base, kind: 'notice:postpone', data: { from: START, to: NEXT_START, reason } }),
          renderMeeting(m, lang),
        ]) {
          expectWithinLimits(p);
          expect(joined(p)).not.toMatch(/@everyone|@here|<@&123>|<@!?456>|<#789>/);
          expect(p.allowedMentions.users.every((u) => u === ALICE)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('helpers', () => {
  it('ts writes Discord timestamps in unix seconds', () => {
    expect(ts(START, 'F')).toBe(`<t:${START_UNIX}:F>`);
    expect(ts(START + 999, 'R')).toBe(`<t:${START_UNIX}:R>`);
    expect(ts(START, 'f')).toBe(`<t:${START_UNIX}:f>`);
    expect(ts(START, 'D')).toBe(`<t:${START_UNIX}:D>`);
    expect(mention('42')).toBe('<@42>');
  });

  it('safeText breaks every mention token and escapes markdown', () => {
    const out = safeText(
      '@everyone @here <@&123> <@456> <@!456> <#789> **b** _i_ ~~s~~ `c` ||x|| [l](http://x)\n# h',
    );
    expect(out).not.toMatch(/@everyone|@here|<@&\d+>|<@!?\d+>|<#\d+>/);
    expect(out).not.toContain('\n');
    expect(out).toContain('\\*\\*b\\*\\*');
    expect(out).toContain('\\|\\|x\\|\\|');
    expect(out).toContain('\\[l\\]');
    expect(safeText('# heading')).toBe('\\# heading');
    expect(safeText('> quote')).toBe('\\> quote');
    expect(safeText('1. item')).toBe('1\\. item');
    expect(safeText('内核 Rust')).toBe('内核 Rust');
  });

  it('truncateText never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(3000);
    for (const max of [1, 2, 3, 100, 101, 2000]) {
      const out = truncateText(emoji, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('truncateText prefers dropping whole lines and never cuts a timestamp or mention', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${ts(START + i * 1000, 'F')}`).join('\n');
    const out = truncateText(text, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.endsWith('\n…')).toBe(true);
    for (const line of out.split('\n').slice(0, -1)) expect(line).toMatch(/^line \d+ <t:\d+:F>$/);

    const oneLine = Array.from({ length: 300 }, () => `${mention(ALICE)}${ts(START, 'R')}`).join('');
    for (let max = 40; max < 200; max += 7) {
      const cut = truncateText(oneLine, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith('…')).toBe(true);
      expect(cut.slice(0, -1)).toMatch(/^(?:<@\d+>|<t:\d+:R>)*$/);
    }
  });

  it('fitToDiscordLimits cuts every part and the 6000 total, and forces parse to empty', () => {
    const big = (n: number) => 'word '.repeat(n);
    const embed = (): APIEmbed => ({
      title: big(100),
      description: big(2000),
      footer: { text: big(1000) },
      author: { name: big(100) },
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `${i} ${big(100)}`, value: big(500) })),
    });
    const raw = {
      content: big(1000),
      embeds: [embed(), embed(), embed()],
      components: [],
      allowedMentions: { parse: [], users: [ALICE, ALICE, 'not-an-id'], roles: [] },
    } as MessagePayload;
    const p = fitToDiscordLimits(raw);
    expectWithinLimits(p);
    expect(p.content.endsWith('…')).toBe(true);
    expect(p.allowedMentions).toEqual({ parse: [], users: [ALICE], roles: [] });
    // A payload already within the limits is left as it is.
    const small: MessagePayload = {
      content: 'hi',
      embeds: [{ title: 't', description: 'd', fields: [{ name: 'n', value: 'v' }] }],
      components: [],
      allowedMentions: { parse: [], users: [], roles: [] },
    };
    expect(fitToDiscordLimits(small)).toEqual(small);
  });
});
