/** The calendar feeds, read back by an independent parser (ical.js) field by field, and their caching. */
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memberFeedUrl } from '../../src/app/memberFeed.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { FEED_PAST_MS } from '../../src/app/seasonPage.ts';
import { shareSeries } from '../../src/app/shareSeries.ts';
import { skipMeeting } from '../../src/app/skipMeeting.ts';
import { CHANNEL_ID } from '../../src/demo/season.ts';
import { isCancelled, type Meeting } from '../../src/domain/model.ts';
import { localDateOf } from '../../src/domain/zoned-time.ts';
import { silentLogger } from '../../src/log.ts';
import type { Db } from '../../src/store/db.ts';
import { getMeeting, meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { createWebApp } from '../../src/web/server.ts';
import { testDb } from '../support/db.ts';
import { GUILD_ID, memberId, NAMES, ORGANISER_ID, PUBLIC_URL, seedCommunitySeason } from '../support/web.ts';

let db: Db;
let seeded: Awaited<ReturnType<typeof seedCommunitySeason>>;
let now: number;
let app: ReturnType<typeof createWebApp>;

beforeEach(async () => {
  db = await testDb();
  seeded = await seedCommunitySeason(db);
  now = seeded.now;
  app = createWebApp({ db, log: silentLogger(), publicUrl: PUBLIC_URL, clock: () => now });
});
afterEach(() => app.close());

const organiser = () => ({
  db,
  now,
  actor: { userId: ORGANISER_ID, guildId: GUILD_ID, channelId: CHANNEL_ID, canManage: true, roleIds: [] },
});
const path = (url: string) => new URL(url).pathname;

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return {
    calendar,
    events: new Map(
      calendar.getAllSubcomponents('vevent').map((e) => [String(e.getFirstPropertyValue('uid')), e] as const),
    ),
  };
}

describe('the series feed', () => {
  it('has every meeting of the last half-year and ahead, field by field as in the database', async () => {
    const res = await app.inject({ method: 'GET', url: path(seeded.feedUrl) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const { calendar, events: byUid } = events(res.body);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Kernel SIG fortnightly');
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    const meetings = await meetingsAfter(db, seeded.seriesId, now - FEED_PAST_MS);
    expect(byUid.size).toBe(meetings.length);
    expect(meetings.length).toBeGreaterThan(16);
    for (const m of meetings) {
      const e = byUid.get(`podium-meeting-${m.id}@podium.bot`);
      expect(e, String(m.id)).toBeDefined();
      const start = e!.getFirstProperty('dtstart')!;
      expect(start.getParameter('tzid')).toBe('Asia/Shanghai');
      const startTime = start.getFirstValue() as ICAL.Time;
      expect(startTime.toString().replace('T', ' ').slice(0, 16)).toBe(
        `${localDateOf(m.startsAt, 'Asia/Shanghai')} ${new Date(m.startsAt + 8 * 3_600_000).toISOString().slice(11, 16)}`,
      );
      const end = e!.getFirstPropertyValue('dtend') as ICAL.Time;
      expect(end.subtractDate(startTime).toSeconds()).toBe(3600);
      expect(e!.getFirstPropertyValue('sequence')).toBe(m.version);
      expect(e!.getFirstPropertyValue('summary')).toBe('Kernel SIG fortnightly');
      expect(e!.getFirstPropertyValue('location')).toBe('https://meeting.example.org/j/5551234');
      const description = String(e!.getFirstPropertyValue('description'));
      if (isCancelled(m)) {
        expect(e!.getFirstPropertyValue('status')).toBe('CANCELLED');
        expect(description).toContain(`Cancelled: ${m.status}`);
      } else {
        expect(e!.getFirstPropertyValue('status')).toBe('CONFIRMED');
        expect(description).toContain('Where: https://meeting.example.org/j/5551234');
        for (const s of await slotsOfMeeting(db, m.id)) {
          if (s.userId)
            expect(description).toContain(`- ${NAMES.get(s.userId)}${s.title ? `: ${s.title}` : ''}`);
        }
      }
    }
    expect([...byUid.values()].filter((e) => e.getFirstPropertyValue('status') === 'CANCELLED')).toHaveLength(
      2,
    );
  });

  it('carries an update and a cancellation with the same UID and a higher SEQUENCE', async () => {
    const before = events((await app.inject({ method: 'GET', url: path(seeded.feedUrl) })).body).events;
    const [moved, skipped] = (await meetingsAfter(db, seeded.seriesId, now))
      .filter((m) => !isCancelled(m))
      .slice(1, 3);
    const uid = (id: number) => `podium-meeting-${id}@podium.bot`;
    const seqBefore = (id: number) =>
      before.get(uid(id))!.getFirstPropertyValue('sequence') as unknown as number;
    await postponeMeeting(organiser(), {
      meeting: localDateOf(moved!.startsAt, 'Asia/Shanghai'),
      to: `${localDateOf(moved!.startsAt + 86_400_000, 'Asia/Shanghai')} 20:00`,
      reason: 'Speaker travel',
    });
    await skipMeeting(organiser(), {
      meeting: localDateOf(skipped!.startsAt, 'Asia/Shanghai'),
      reason: 'Holiday',
    });
    const after = events((await app.inject({ method: 'GET', url: path(seeded.feedUrl) })).body).events;

    const update = after.get(uid(moved!.id))!;
    expect(update.getFirstPropertyValue('sequence')).toBeGreaterThan(seqBefore(moved!.id));
    expect(update.getFirstPropertyValue('sequence')).toBe((await getMeeting(db, moved!.id))!.version);
    expect(String(update.getFirstPropertyValue('dtstart'))).toBe(
      `${localDateOf(moved!.startsAt + 86_400_000, 'Asia/Shanghai')}T20:00:00`,
    );
    expect(update.getFirstPropertyValue('status')).toBe('CONFIRMED');

    const cancel = after.get(uid(skipped!.id))!;
    expect(cancel.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancel.getFirstPropertyValue('sequence')).toBeGreaterThan(seqBefore(skipped!.id));
    expect(String(cancel.getFirstPropertyValue('description'))).toBe('Cancelled: skipped\nHoliday');
    // Nothing disappears; the re-plan adds a meeting at the end to keep 8 held ahead.
    for (const id of before.keys()) expect(after.has(id), id).toBe(true);
    expect(after.size).toBe(before.size + 1);
  });

  it('answers 304 to a matching ETag or date without a body, and 200 once the season changed', async () => {
    const first = await app.inject({ method: 'GET', url: path(seeded.feedUrl) });
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(new Date(lastModified).getTime()).toBeLessThanOrEqual(now);

    now += 60_000; // a poll a minute later
    const same = await app.inject({
      method: 'GET',
      url: path(seeded.feedUrl),
      headers: { 'if-none-match': etag },
    });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    expect(same.headers.etag).toBe(etag);
    const since = await app.inject({
      method: 'GET',
      url: path(seeded.feedUrl),
      headers: { 'if-modified-since': lastModified },
    });
    expect(since.statusCode).toBe(304);
    const other = await app.inject({
      method: 'GET',
      url: path(seeded.feedUrl),
      headers: { 'if-none-match': '"x"' },
    });
    expect(other.statusCode).toBe(200);

    const next = (await meetingsAfter(db, seeded.seriesId, now)).find((m) => !isCancelled(m))!;
    await skipMeeting(organiser(), { meeting: localDateOf(next.startsAt, 'Asia/Shanghai') });
    now += 60_000;
    const changed = await app.inject({
      method: 'GET',
      url: path(seeded.feedUrl),
      headers: { 'if-none-match': etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(new Date(String(changed.headers['last-modified'])).getTime()).toBeGreaterThan(
      new Date(lastModified).getTime(),
    );
    const stale = await app.inject({
      method: 'GET',
      url: path(seeded.feedUrl),
      headers: { 'if-modified-since': lastModified },
    });
    expect(stale.statusCode).toBe(200);
  });

  it('stops working when the secret is reset; the new URL works', async () => {
    const reset = await shareSeries(organiser(), { reset: true });
    expect(reset.reset).toBe(true);
    expect((await app.inject({ method: 'GET', url: path(seeded.feedUrl) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: path(seeded.pageUrl) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: path(reset.feedUrl) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: path(reset.pageUrl) })).statusCode).toBe(200);
  });
});

describe("a member's feed", () => {
  it('has exactly their own talks, with their own UIDs, and stays at the same URL', async () => {
    const member = memberId(3);
    const ctx = { ...organiser(), actor: { ...organiser().actor, userId: member, canManage: false } };
    const feed = await memberFeedUrl(ctx);
    expect(feed.feedUrl).toMatch(/^https:\/\/podium\.example\.org\/m\/[\w-]{32}\/talks\.ics$/);
    expect(feed.subscribeUrl).toBe(feed.feedUrl.replace(/^https:/, 'webcal:'));
    expect(await memberFeedUrl({ ...ctx, now: now + 1000 })).toEqual(feed);

    const res = await app.inject({ method: 'GET', url: path(feed.feedUrl) });
    expect(res.statusCode).toBe(200);
    const { calendar, events: byUid } = events(res.body);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`Podium: ${NAMES.get(member)}`);
    const talks: Meeting[] = [];
    for (const m of await meetingsAfter(db, seeded.seriesId, now - FEED_PAST_MS)) {
      if ((await slotsOfMeeting(db, m.id)).some((s) => s.userId === member)) talks.push(m);
    }
    expect(talks.length).toBeGreaterThanOrEqual(1);
    expect([...byUid.keys()].sort()).toEqual(
      talks.map((m) => `podium-talk-${m.id}-${member}@podium.bot`).sort(),
    );
    for (const e of byUid.values()) {
      expect(e.getFirstPropertyValue('summary')).toBe('Kernel SIG fortnightly: your talk');
      expect(String(e.getFirstPropertyValue('description'))).toContain(`- ${NAMES.get(member)}`);
    }
    const again = await app.inject({
      method: 'GET',
      url: path(feed.feedUrl),
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ method: 'GET', url: `/m/${'b'.repeat(32)}/talks.ics` })).statusCode).toBe(404);
  });
});
