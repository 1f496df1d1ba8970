// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText is what a person sees (CSS applied), which is the point here.
/**
 * The season page in a real browser: Debian's headless Chromium driven by
 * playwright-core. What a person sees matches the database; no console
 * errors; no request leaves the server; it lays out at a phone's width and a
 * desktop's (screenshots under test-artifacts/); hostile text shows as text.
 * Skipped, saying why, only when Chromium is absent outside CI.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seasonPage } from '../../src/app/seasonPage.ts';
import { isCancelled } from '../../src/domain/model.ts';
import { silentLogger } from '../../src/log.ts';
import { longDateTime } from '../../src/render/local-time.ts';
import type { Db } from '../../src/store/db.ts';
import { storedNames } from '../../src/store/member-names.ts';
import { getSeries } from '../../src/store/series.ts';
import { startWebServer, type WebServer } from '../../src/web/server.ts';
import { testDb } from '../support/db.ts';
import { poison } from '../support/hostile.ts';
import { GUILD_ID, PUBLIC_URL, seedCommunitySeason, UPCOMING_POSTPONE_REASON } from '../support/web.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = 'test-artifacts';
const present = existsSync(CHROMIUM);
if (!present && !process.env.CI) {
  console.warn(
    `Skipping the browser tests: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (.ci/run does, and in CI these tests always run).`,
  );
}

/** A page with everything it does recorded: console errors, page errors, requests, dialogs. */
async function open(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const seen = { errors: [] as string[], requests: [] as string[], dialogs: [] as string[] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return { page, seen };
}

/** Run in the page (as text: the project's TypeScript has no DOM types). */
const noHorizontalScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

describe.skipIf(!present && !process.env.CI)('the season page in Chromium', () => {
  let db: Db;
  let seeded: Awaited<ReturnType<typeof seedCommunitySeason>>;
  let server: WebServer;
  let browser: Browser;
  const pageUrl = () => `${server.url}/s/${seeded.secret}/`;
  const fromServer = (url: string) => url.startsWith(`${server.url}/`);

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing: CI must install it (.ci/run does).`);
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });
  // A fresh store (and a server on it) per test: one made by `testDb()` lasts one test.
  beforeEach(async () => {
    db = await testDb();
    seeded = await seedCommunitySeason(db);
    server = await startWebServer(
      { db, log: silentLogger(), publicUrl: PUBLIC_URL, clock: () => seeded.now },
      { port: 0, host: '127.0.0.1' },
    );
  });
  afterEach(async () => {
    await server?.close();
  });

  it('shows on a phone what the database holds: dates, presenters, titles, the postponement and the pause', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
    });
    try {
      const { page, seen } = await open(context, pageUrl());
      const series = (await getSeries(db, seeded.seriesId))!;
      const data = await seasonPage(db, series, seeded.now);
      const names = await storedNames(db, GUILD_ID, data.userIds);
      expect(await page.locator('h1').innerText()).toBe('Kernel SIG fortnightly');
      expect(await page.locator('a.location').getAttribute('href')).toBe(
        'https://meeting.example.org/j/5551234',
      );

      const items = page.locator('#upcoming li.meeting');
      expect(await items.count()).toBe(data.upcoming.length);
      expect(data.upcoming.filter((v) => !isCancelled(v.meeting)).length).toBeGreaterThanOrEqual(8);
      for (const v of data.upcoming) {
        const item = page.locator(`li.meeting[data-meeting="${v.meeting.id}"]`);
        expect(await item.locator('h3 time').innerText()).toBe(
          longDateTime(v.meeting.startsAt, 'Asia/Shanghai', 'en'),
        );
        if (isCancelled(v.meeting)) {
          expect(await item.locator('.status').innerText()).toBe(v.meeting.status);
          expect(await item.locator('.talk').count()).toBe(0);
          continue;
        }
        const shown = await item.locator('.talk').allInnerTexts();
        const expected = v.slots.map((s) =>
          s.userId === null
            ? 'Open slot: a member can take it with /slot claim'
            : `${names.get(s.userId)} (${data.roster.find((r) => r.userId === s.userId)!.group}) — ${s.title ?? 'title to come'}`,
        );
        expect(shown).toEqual(expected);
      }
      // The pause: its two meetings say so, with the reason, and the pause is listed.
      const paused = page.locator('#upcoming li.meeting[data-status="paused"]');
      expect(await paused.count()).toBe(2);
      for (const text of await paused.locator('.reason').allInnerTexts())
        expect(text).toBe('Reason: Exam month');
      expect(await page.locator('#pauses li').innerText()).toBe(
        'No meetings from 2024-12-01 to 2025-01-01 Exam month',
      );
      // The postponement ahead.
      const moved = page.locator('#upcoming li.meeting[data-status="postponed"]').first();
      expect(await moved.locator('.moved').innerText()).toBe('Moved from Thursday 21 November 2024, 21:00.');
      expect(await moved.locator('.reason').innerText()).toBe(`Reason: ${UPCOMING_POSTPONE_REASON}`);
      // The reader's own time (Berlin, UTC+1 in winter) beside the series' time: 21:00 in Shanghai is 14:00.
      expect(await moved.locator('.local-time').innerText()).toMatch(
        /^your time: .*(24.*November|November.*24).*2024.*14:00/,
      );
      // The past, with summaries.
      const summaries = await page.locator('#past article.summary .body').allInnerTexts();
      expect(summaries.length).toBe(data.past.reduce((n, v) => n + v.minutes.length, 0));
      expect(summaries[0]).toContain('We discussed the talk and the questions after it.');

      expect(await noHorizontalScroll(page)).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}/season-phone.png`, fullPage: true });
      // Printed: still no horizontal overflow, the subscribe links left out.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.subscribe').isVisible()).toBe(false);
      expect(await noHorizontalScroll(page)).toBe(true);

      expect(seen.errors).toEqual([]);
      expect(seen.dialogs).toEqual([]);
      expect(seen.requests.length).toBeGreaterThanOrEqual(3); // page, stylesheet, script
      expect(seen.requests.filter((u) => !fromServer(u))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lays out at a desktop width, and reads fully without its script', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Asia/Shanghai',
    });
    const noScript = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    try {
      const { page, seen } = await open(context, pageUrl());
      expect(await noHorizontalScroll(page)).toBe(true);
      // Reader in the series' zone: no second time.
      expect(await page.locator('.local-time').count()).toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}/season-desktop.png`, fullPage: false });
      if (process.env.UPDATE_SCREENSHOT)
        copyFileSync(`${ARTIFACTS}/season-desktop.png`, 'docs/season-page.png');
      expect(seen.errors).toEqual([]);
      expect(seen.requests.filter((u) => !fromServer(u))).toEqual([]);

      const bare = await open(noScript, pageUrl());
      const text = await bare.page.locator('main').innerText();
      expect(text).toContain('Sunday 24 November 2024, 21:00');
      expect(text).toContain('Reason: Exam month');
      expect(await bare.page.locator('.local-time').count()).toBe(0);
      expect(bare.seen.errors).toEqual([]);
    } finally {
      await context.close();
      await noScript.close();
    }
  });

  it('shows hostile text as text: nothing runs, nothing is added to the page', async () => {
    const hostile = await testDb();
    const s = await seedCommunitySeason(hostile);
    const written = await poison(hostile, s.seriesId, GUILD_ID, s.now);
    const own = await startWebServer(
      { db: hostile, log: silentLogger(), publicUrl: PUBLIC_URL, clock: () => s.now },
      { port: 0, host: '127.0.0.1' },
    );
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: 'Europe/Berlin',
    });
    try {
      const { page, seen } = await open(context, `${own.url}/s/${s.secret}/`);
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(seen.dialogs).toEqual([]);
      expect(await page.locator('script').count()).toBe(1);
      expect(await page.locator('img, svg, iframe, style, textarea').count()).toBe(0);
      expect(
        await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ).not.toContainEqual(expect.stringMatching(/^javascript:/));
      // What the HTML parser makes of each text (CRs become LFs, C0 controls are dropped) is exactly what was stored.
      const asParsed = (v: string) =>
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the page drops control characters.
        v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/\r\n?/g, '\n');
      expect(await page.locator('h1').textContent()).toBe(asParsed(written.name));
      expect(await page.locator('.location').textContent()).toBe(asParsed(written.location));
      const titles = await page.locator('#upcoming .title:not(.missing)').allTextContents();
      expect(titles.length).toBeGreaterThan(8);
      const stored = new Set([...written.titles.values()].map(asParsed));
      for (const title of titles) expect(stored.has(title), JSON.stringify(title)).toBe(true);
      const presenters = await page.locator('#upcoming .presenter').allTextContents();
      const storedNamesSet = new Set([...written.names.values()].map(asParsed));
      for (const name of presenters) expect(storedNamesSet.has(name), JSON.stringify(name)).toBe(true);
      expect(await noHorizontalScroll(page)).toBe(true);
      expect(seen.errors).toEqual([]);
      expect(seen.requests.filter((u) => !u.startsWith(`${own.url}/`))).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}/season-hostile-phone.png`, fullPage: true });
    } finally {
      await context.close();
      await own.close();
    }
  });
});
