/**
 * The meeting location as organisers write it, through the fake Discord in
 * both languages: the seed community's meeting numbers, a URL, and a hostile
 * location, shown in every place a location appears (agenda post, /meeting
 * show, /meeting schedule, the scheduled event, the .ics file, the
 * announcement draft, the season export), never able to ping, restyle the
 * message or break it. Bad locations are refused with a clear error.
 */
import { GuildScheduledEventEntityType } from 'discord-api-types/v10';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/catalog.ts';
import { setSeriesLink } from '../../src/store/series.ts';
import type { InteractionHandle } from '../fake-discord/server.ts';
import { at } from '../support/db.ts';
import {
  ephemeral,
  expectSafeMentions,
  posts,
  replyOf,
  settle,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  textOf,
  unchangedSince,
} from './harness.ts';
import { seedSeries2031, setupOptions2031 } from './setup.ts';

afterEach(stopHarnesses);

/** The fake refuses scheduled events in the past (real clock), so this series lives in 2031. */
const NOW = at('2031-01-02 12:00', TZ);
const AGENDA_AT = at('2031-01-09 20:00', TZ) + 5_000;

const STRANGER = '999999999999999999';
const HOSTILE =
  `@everyone @here <@${STRANGER}> <@&${STRANGER}> <#${STRANGER}> **bold** __u__ ~~s~~ ||spoiler|| ` +
  '[click](https://evil.example) `code` # heading > quote \u200b\u200e\u2060zero-width';

/** What organisers type, and the text that must show (zero-width characters dropped). */
const LOCATIONS = [
  { typed: '腾讯会议 586-9766-3285', shown: '腾讯会议 586-9766-3285', url: false },
  { typed: '#腾讯会议:586-9766-3285', shown: '#腾讯会议:586-9766-3285', url: false },
  { typed: 'Zoom 812 3456 7890, passcode 4321', shown: 'Zoom 812 3456 7890, passcode 4321', url: false },
  {
    typed: 'https://meeting.tencent.com/dm/a1B2c3?pwd=x_y',
    shown: 'https://meeting.tencent.com/dm/a1B2c3?pwd=x_y',
    url: true,
  },
  { typed: HOSTILE, shown: HOSTILE.replace(/[\u200b\u200e\u2060]/g, ''), url: false },
] as const;

/** Nothing in `text` can ping: no raw @everyone/@here, no mention token of the stranger. */
function expectInert(text: string, where: string): void {
  expect(text, where).not.toMatch(/@(everyone|here)/);
  expect(text, where).not.toContain(`<@${STRANGER}>`);
  expect(text, where).not.toContain(`<@&${STRANGER}>`);
  expect(text, where).not.toContain(`<#${STRANGER}>`);
}

/**
 * How a Discord message must show the location: a URL as itself (in `<…>` in
 * content, so no preview), any other text inside one inline code span (where
 * Discord renders no markdown and no mention) with its words as typed.
 */
function expectShown(text: string, location: (typeof LOCATIONS)[number], inContent: boolean, where: string) {
  expectInert(text, where);
  if (location.url) {
    expect(text, where).toContain(inContent ? `<${location.shown}>` : location.shown);
    return;
  }
  const span = text.split('\n').flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  const ours = span.find((s) => s.includes(location.shown.slice(0, 6).replace('@', '@\u200b')));
  expect(ours, `${where}: ${text}`).toBeDefined();
  // Same words, in order, with only invisible breaks added (and backticks swapped for a look-alike).
  expect(ours!.replace(/\u200b/g, '').replace(/\u02cb/g, '`'), where).toBe(location.shown);
}

async function files(handle: InteractionHandle) {
  const response = await handle.response;
  return { text: String(response.data?.content ?? ''), files: response.files ?? [] };
}

describe('the meeting location', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const location of LOCATIONS) {
      it(`${JSON.stringify(location.typed.slice(0, 30))} shows safely everywhere (${lang})`, async () => {
        const h = await startHarness({ now: NOW });
        await seedSeries2031(h, { language: lang });
        // The scheduled events exist before the location is set: setting it must update them.
        await settle(h);
        const run = (name: string, sub: string, options = {}) => h.run(name, sub, options, { locale: lang });

        // Set with /meeting link, as typed; the reply shows it as it will appear.
        const set = await replyOf(run('meeting', 'link', { url: location.typed }));
        expect(set.allowed_mentions).toEqual({ parse: [], users: [], roles: [] });
        expectShown(textOf(set), location, true, '/meeting link reply');
        expect(textOf(set)).toContain(t(lang, 'reply.linkSet'));

        // The agenda post.
        h.clock.now = AGENDA_AT;
        await settle(h);
        const agenda = posts(h.fake, h.channels.meetings).find((r) =>
          textOf(r.body as object).includes(t(lang, 'post.agenda.discussion')),
        );
        expect(agenda, 'the agenda is posted').toBeDefined();
        expectShown(textOf(agenda!.body as object), location, false, 'agenda');
        const label = location.url
          ? t(lang, 'common.link', { link: '' })
          : t(lang, 'common.location', { location: '' });
        expect(textOf(agenda!.body as object)).toContain(label.trim());

        // /meeting show and /meeting schedule (embeds).
        expectShown(textOf(await replyOf(run('meeting', 'show'))), location, false, '/meeting show');
        expectShown(textOf(await replyOf(run('meeting', 'schedule'))), location, false, '/meeting schedule');

        // The scheduled events (as Discord holds them, created or updated): the location as
        // plain text, within Discord's 100 characters; in full in the description when longer.
        const events = h.fake.scheduledEvents(h.guild.id);
        expect(events.length).toBeGreaterThan(0);
        for (const event of events) {
          expect(event.entity_type).toBe(GuildScheduledEventEntityType.External);
          const where = event.entity_metadata?.location ?? '';
          expect(where.length).toBeLessThanOrEqual(100);
          if (location.shown.length <= 100) expect(where).toBe(location.shown);
          else {
            expect(location.shown.startsWith(where.replace(/…$/, '').trimEnd())).toBe(true);
            expect(event.description).toContain(location.shown);
          }
        }

        // The .ics file: LOCATION as stored (ical-generator escapes it), URL only for a link.
        const calendar = await files(run('meeting', 'calendar'));
        const ics = calendar.files[0]!.data.toString('utf8');
        const vevent = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent')[0]!;
        expect(vevent.getFirstPropertyValue('location')).toBe(location.shown);
        expect(vevent.getFirstPropertyValue('url') ?? null).toBe(location.url ? location.shown : null);
        // Folded lines continue with a space; no line of the location starts a property of its own.
        const lines = ics.split('\r\n');
        const vevents = lines.filter((l) => l === 'BEGIN:VEVENT').length;
        expect(lines.filter((l) => l.startsWith('LOCATION:'))).toHaveLength(vevents);
        expect(lines.filter((l) => l.startsWith('URL'))).toHaveLength(location.url ? vevents : 0);

        // The announcement draft: one plain line, inside the reply's code block.
        const draft = await files(run('announce', 'draft'));
        expect(draft.text).toContain(t(lang, 'announce.link', { link: location.shown }));
        expect(draft.text.split('```').length).toBe(3);

        // The season export: a URL as an autolink, anything else as inline code (no Markdown, no HTML).
        const season = await files(run('season', 'export', { from: '2031-01-01', to: '2031-06-30' }));
        const markdown = season.files[0]!.data.toString('utf8');
        const line = markdown
          .split('\n')
          .find((l) => l.includes(t(lang, 'export.link', { link: '' }).trim()))!;
        if (location.url) expect(line).toContain(`<${location.shown}>`);
        else expectShown(line, location, true, 'season export');

        expectSafeMentions(h.fake, { users: h.members, roles: [] });
      });
    }
  }

  it('a new location reaches the scheduled events and the calendar (new SEQUENCE)', async () => {
    const h = await startHarness({ now: NOW });
    await seedSeries2031(h, { language: 'en' });
    await ephemeral(h.run('meeting', 'link', { url: '腾讯会议 586-9766-3285' }));
    await settle(h);
    const events = `/guilds/${h.guild.id}/scheduled-events`;
    const created = h.fake.requestsMatching('POST', new RegExp(`^${events}$`));
    expect(created.length).toBeGreaterThan(0);
    const sequences = async () => {
      const ics = (await files(h.run('meeting', 'calendar'))).files[0]!.data.toString('utf8');
      return new ICAL.Component(ICAL.parse(ics))
        .getAllSubcomponents('vevent')
        .map((v) => [v.getFirstPropertyValue('location'), Number(v.getFirstPropertyValue('sequence'))]);
    };
    const before = await sequences();
    h.fake.clearRequests();
    await ephemeral(h.run('meeting', 'link', { url: 'Zoom 812 3456 7890, passcode 4321' }));
    await settle(h);
    const patched = h.fake.requestsMatching('PATCH', new RegExp(`^${events}/\\d+$`));
    expect(patched).toHaveLength(created.length);
    for (const p of patched) {
      expect((p.body as { entity_metadata: { location: string } }).entity_metadata.location).toBe(
        'Zoom 812 3456 7890, passcode 4321',
      );
    }
    const after = await sequences();
    expect(after.map(([where]) => where)).toEqual(after.map(() => 'Zoom 812 3456 7890, passcode 4321'));
    after.forEach(([, sequence], i) => {
      expect(sequence).toBeGreaterThan(before[i]![1] as number);
    });
  });

  it('refuses what cannot be a location, in the reader’s language, changing nothing', async () => {
    const h = await startHarness({ now: NOW });
    await seedSeries2031(h, { language: 'en' });
    const before = await snapshot(h);
    for (const lang of ['en', 'zh-CN'] as const) {
      const say = (url: string) => ephemeral(h.run('meeting', 'link', { url }, { locale: lang }));
      expect(await say('x'.repeat(6000))).toBe(t(lang, 'error.location.tooLong', { max: 200, length: 6000 }));
      expect(await say('Zoom 812 3456 7890\npasscode 4321')).toBe(t(lang, 'error.location.lines'));
      expect(await say('\u200b\u200c\u2060')).toBe(t(lang, 'error.location.empty'));
      const setup = await ephemeral(
        h.run('meeting', 'setup', setupOptions2031(h, { link: '会'.repeat(201) }), { locale: lang }),
      );
      expect(setup).toBe(t(lang, 'error.location.tooLong', { max: 200, length: 201 }));
    }
    expect(await unchangedSince(h, before)).toBe(true);
  });

  it('an older, 6,000-character location in the database still fits every place', async () => {
    const h = await startHarness({ now: NOW });
    const series = await seedSeries2031(h, { language: 'en' });
    await setSeriesLink(h.db, series.id, `${HOSTILE} `.repeat(60).slice(0, 6000));
    h.clock.now = AGENDA_AT;
    await settle(h);
    const sent = posts(h.fake, h.channels.meetings);
    expect(sent.length).toBeGreaterThan(0);
    for (const post of sent) {
      expect(post.status).toBe(200);
      expectInert(textOf(post.body as object), 'post');
    }
    const events = h.fake.requestsMatching('POST', new RegExp(`^/guilds/${h.guild.id}/scheduled-events$`));
    expect(events.map((e) => e.status)).toEqual(events.map(() => 200));
    for (const handle of [h.run('meeting', 'show'), h.run('meeting', 'schedule')]) {
      expectInert(textOf(await replyOf(handle)), 'reply');
    }
    const ics = (await files(h.run('meeting', 'calendar'))).files[0]!.data.toString('utf8');
    expect(ics).toContain('BEGIN:VEVENT');
    expect((await files(h.run('announce', 'draft'))).text).toContain(
      t('en', 'announce.link', { link: '' }).trim(),
    );
  });
});
