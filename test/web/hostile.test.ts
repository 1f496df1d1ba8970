/** Every piece of user text on the season page and in the feeds is text: the bad-input corpus injects nothing. */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { text } from '../../src/render/season-page-html.ts';
import type { Db } from '../../src/store/db.ts';
import { createWebApp } from '../../src/web/server.ts';
import { testDb } from '../support/db.ts';
import { hostileCorpus, poison } from '../support/hostile.ts';
import { GUILD_ID, PUBLIC_URL, seedCommunitySeason } from '../support/web.ts';

/** How a string arrives over HTTP: UTF-8, lone surrogates replaced by U+FFFD. */
const wire = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
/** Escaped as the page escapes it, as it arrives. */
const shown = (s: string) => wire(text(s));

let db: Db;
let seeded: Awaited<ReturnType<typeof seedCommunitySeason>>;
let written: Awaited<ReturnType<typeof poison>>;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  db = await testDb();
  seeded = await seedCommunitySeason(db);
  written = await poison(db, seeded.seriesId, GUILD_ID, seeded.now);
  app = createWebApp({ db, log: silentLogger(), publicUrl: PUBLIC_URL, clock: () => seeded.now });
});
afterAll(() => app.close());

describe('hostile text on the season page', () => {
  it('adds no element, attribute, script, style or link of its own, and shows each string escaped', async () => {
    const res = await app.inject({ method: 'GET', url: `/s/${seeded.secret}/` });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    // Exactly our own script, stylesheet and feed link; no handler attributes, frames, styles or javascript: URLs.
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain('<script src="/assets/local-time.js" defer></script>');
    expect(html.match(/<link/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<(iframe|img|svg|style|textarea)\b/i);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/href="\s*(javascript|data):/i);
    expect(html).not.toContain('<!--');
    // The location is not a URL: shown as text, not as a link.
    expect(html).toContain(`<span class="location"><bdi>${shown(written.location)}</bdi></span>`);
    expect(html).toContain(`<h1><bdi>${shown(written.name)}</bdi></h1>`);
    expect(html).toContain(`<title>${shown(written.name)}: season`);
    // Every title, name and the summaries are there, escaped.
    const upcomingTitles = [...written.titles.values()].slice(-16);
    for (const title of upcomingTitles)
      expect(html).toContain(`<span class="title"><bdi>${shown(title)}</bdi></span>`);
    for (const name of written.names.values()) expect(html).toContain(`<bdi>${shown(name)}</bdi>`);
    // Each corpus string (as the store keeps it) in the summaries, escaped. A lone surrogate
    // comes back from SQLite as three U+FFFD (better-sqlite3 writes it as three bytes), from
    // PostgreSQL as one (node-postgres sends U+FFFD).
    const lone = db.engine === 'sqlite' ? '\ufffd\ufffd\ufffd' : '\ufffd';
    const kept = (p: string) =>
      p.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, lone);
    for (const piece of hostileCorpus()
      .filter((p) => !/[\n\r\u2028]/.test(p) && p.trim() !== '')
      .map(kept)) {
      expect(html, JSON.stringify(piece)).toContain(shown(piece).trim());
    }
    // Tags: every "<" in the page starts one of the page's own elements.
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].sort()).toEqual(
      [
        '!doctype',
        'a',
        'article',
        'bdi',
        'body',
        'br',
        'details',
        'div',
        'footer',
        'h1',
        'h2',
        'h3',
        'h4',
        'head',
        'header',
        'html',
        'li',
        'link',
        'main',
        'meta',
        'ol',
        'p',
        'script',
        'section',
        'small',
        'span',
        'summary',
        'time',
        'title',
        'ul',
      ].sort(),
    );
  });

  it('keeps the feed well-formed: ical.js reads the hostile text back exactly', async () => {
    const res = await app.inject({ method: 'GET', url: `/s/${seeded.secret}/calendar.ics` });
    expect(res.statusCode).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(10);
    for (const e of events) {
      expect(e.getFirstPropertyValue('location')).toBe(wire(written.location));
      expect(e.getFirstPropertyValue('summary')).toBe(wire(written.name));
      // Not an http(s) URL: no URL property.
      expect(e.getFirstPropertyValue('url')).toBeNull();
    }
    const descriptions = events.map((e) => String(e.getFirstPropertyValue('description'))).join('\n');
    for (const title of [...written.titles.values()].slice(-8)) {
      const oneLine = wire(title).replace(/\r\n?/g, '\n');
      expect(
        descriptions.includes(oneLine) || descriptions.includes(oneLine.replace(/\n/g, '')),
        JSON.stringify(title),
      ).toBe(true);
    }
  });
});
