/** The season page through fastify's injection (no socket): what it shows, and how it is served. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seasonPage } from '../../src/app/seasonPage.ts';
import { isCancelled } from '../../src/domain/model.ts';
import { silentLogger } from '../../src/log.ts';
import { longDateTime } from '../../src/render/local-time.ts';
import { text } from '../../src/render/season-page-html.ts';
import type { Db } from '../../src/store/db.ts';
import { getSeries } from '../../src/store/series.ts';
import { createWebApp } from '../../src/web/server.ts';
import { testDb } from '../support/db.ts';
import { NAMES, PUBLIC_URL, seedCommunitySeason, UPCOMING_POSTPONE_REASON } from '../support/web.ts';

let db: Db;
let seeded: Awaited<ReturnType<typeof seedCommunitySeason>>;

beforeAll(async () => {
  db = await testDb();
  seeded = await seedCommunitySeason(db);
});

const apps: ReturnType<typeof createWebApp>[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function app(now = seeded.now) {
  const a = createWebApp({ db, log: silentLogger(), publicUrl: PUBLIC_URL, clock: () => now });
  apps.push(a);
  return a;
}

describe('the season page', () => {
  it('shows the series, the next meetings with presenters, groups and titles, the pause and its reason, and the past with summaries', async () => {
    const res = await app().inject({ method: 'GET', url: `/s/${seeded.secret}/` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    const series = (await getSeries(db, seeded.seriesId))!;
    const page = await seasonPage(db, series, seeded.now);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<h1><bdi>${series.name}</bdi></h1>`);
    expect(html).toContain('Every 2 weeks on Thursday at 21:00 (Asia/Shanghai), 60 minutes.');
    expect(html).toContain(
      '<a class="location" href="https://meeting.example.org/j/5551234" rel="noopener noreferrer nofollow">',
    );
    expect(html).toContain('At each meeting 2 member(s) give the main talks');
    expect(html).toContain('18 members, groups: <bdi>Main</bdi>, <bdi>Virtualization</bdi>, <bdi>MM</bdi>');

    // At least 8 held meetings ahead, each with its date and presenters as in the database.
    const held = page.upcoming.filter((v) => !isCancelled(v.meeting));
    expect(held.length).toBeGreaterThanOrEqual(8);
    for (const v of page.upcoming) {
      const item = html.slice(html.indexOf(`data-meeting="${v.meeting.id}"`));
      const end = item.indexOf('</li>\n') === -1 ? item.length : item.indexOf('data-meeting=', 20);
      const block = item.slice(0, end === -1 ? undefined : end);
      expect(block).toContain(longDateTime(v.meeting.startsAt, 'Asia/Shanghai', 'en'));
      if (isCancelled(v.meeting)) continue;
      for (const slot of v.slots) {
        if (slot.userId === null) expect(block).toContain('Open slot');
        else expect(block).toContain(`<span class="presenter"><bdi>${NAMES.get(slot.userId)}</bdi></span>`);
        if (slot.title) expect(block).toContain(`<span class="title"><bdi>${text(slot.title)}</bdi></span>`);
      }
    }
    // The postponement ahead, with where it was and why.
    expect(html).toContain('Moved from Thursday 21 November 2024, 21:00.');
    expect(html).toContain(`Reason: <bdi>${UPCOMING_POSTPONE_REASON}</bdi>`);
    // The December pause: its meetings marked paused, with the reason, and listed under Pauses.
    const paused = page.upcoming.filter((v) => v.meeting.status === 'paused');
    expect(paused.map((v) => v.date)).toEqual(['2024-12-05', '2024-12-19']);
    expect(html.match(/data-status="paused"/g)).toHaveLength(2);
    expect(html).toContain(
      'No meetings from 2024-12-01 to 2025-01-01 <span class="reason"><bdi>Exam month</bdi></span>',
    );
    expect(html).toContain('Reason: <bdi>Exam month</bdi>');
    // The past of the season: the summer postponement and the summaries.
    expect(html).toContain('Moved from Thursday 29 August 2024, 21:00.');
    expect(html).toContain('Reason: <bdi>Most of us are at the conference that week</bdi>');
    const withSummary = page.past.filter((v) => v.minutes.length > 0);
    expect(withSummary.length).toBeGreaterThanOrEqual(6);
    for (const v of withSummary) expect(html).toContain(`<p>Notes of ${v.date}.</p>`);
    expect(html).toContain('<p>We discussed the talk and the questions after it.<br>Next steps agreed.</p>');
  });

  it('is served with a strict Content-Security-Policy, no referrer, and assets from its own origin only', async () => {
    const a = app();
    const res = await a.inject({ method: 'GET', url: `/s/${seeded.secret}/` });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // No inline script or style, and every src/href is relative to this origin (or the meeting link).
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(res.body).not.toMatch(/<style|\sstyle=/);
    const refs = [...res.body.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    for (const ref of refs) {
      expect(
        ref.startsWith('/') ||
          ref === 'calendar.ics' ||
          ref.startsWith('webcal://podium.example.org/') ||
          ref === 'https://meeting.example.org/j/5551234',
        ref,
      ).toBe(true);
    }
    for (const path of ['/assets/season.css', '/assets/local-time.js']) {
      const asset = await a.inject({ method: 'GET', url: path });
      expect(asset.statusCode, path).toBe(200);
      expect(asset.body.length).toBeGreaterThan(100);
    }
    expect((await a.inject({ method: 'GET', url: '/robots.txt' })).body).toContain('Disallow: /');
  });

  it('in Chinese for a zh-CN series', async () => {
    const zh = await testDb();
    const s = await seedCommunitySeason(zh, { language: 'zh-CN' });
    const a = createWebApp({ db: zh, log: silentLogger(), publicUrl: PUBLIC_URL, clock: () => s.now });
    apps.push(a);
    const html = (await a.inject({ method: 'GET', url: `/s/${s.secret}/` })).body;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('每 2 周周四 21:00（Asia/Shanghai），60 分钟。');
    expect(html).toContain('接下来的例会');
    expect(html).toContain('2024年11月24日 星期日 21:00');
    expect(html).toContain('暂停中');
    expect(html).toContain('本赛季已举行');
  });

  it('answers 404 for an unknown or malformed secret, exactly as for any unknown path', async () => {
    const a = app();
    const unknown = await a.inject({ method: 'GET', url: `/s/${'A'.repeat(32)}/` });
    const malformed = await a.inject({ method: 'GET', url: `/s/${seeded.secret.slice(1)}/` });
    const other = await a.inject({ method: 'GET', url: '/nothing/here' });
    for (const res of [unknown, malformed, other]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(other.body);
    }
    const bare = await a.inject({ method: 'GET', url: `/s/${seeded.secret}` });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe(`/s/${seeded.secret}/`);
  });

  it('shows a meeting number as text and only an http(s) URL as a link', async () => {
    const a = app();
    const page = () => a.inject({ method: 'GET', url: `/s/${seeded.secret}/` }).then((r) => r.body);
    const setLocation = (link: string) =>
      db.run('UPDATE series SET link = ? WHERE id = ?', [link, seeded.seriesId]);
    try {
      for (const location of [
        '腾讯会议 586-9766-3285',
        '#腾讯会议:586-9766-3285',
        'Zoom 812 3456 7890, passcode 4321',
        'javascript:alert(1)',
        'https//not-a-url',
      ]) {
        await setLocation(location);
        const html = await page();
        expect(html, location).toContain(`Where: <span class="location"><bdi>${text(location)}</bdi></span>`);
        expect(html).not.toContain('<a class="location"');
      }
      await setLocation('HTTPS://meet.example.org/j/1?pwd=a&b="c"');
      expect(await page()).toContain(
        '<a class="location" href="https://meet.example.org/j/1?pwd=a&amp;b=%22c%22" rel="noopener noreferrer nofollow"><bdi>HTTPS://meet.example.org/j/1?pwd=a&amp;b=&quot;c&quot;</bdi></a>',
      );
    } finally {
      await setLocation('https://meeting.example.org/j/5551234');
    }
  });
});
