/**
 * The season on the web through Discord: `/meeting share` hands out the links
 * (and `reset` turns them off), and the bot's hooks feed `/metrics` with the
 * interactions and posts it really handled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recordPublicUrl } from '../../src/app/shareUrls.ts';
import { en } from '../../src/i18n/en.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { silentLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/web/metrics.ts';
import { createWebApp } from '../../src/web/server.ts';
import { at, testDb } from '../support/db.ts';
import {
  ephemeral,
  replyOf,
  seedSeries,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  textOf,
  unchangedSince,
} from './harness.ts';

afterEach(stopHarnesses);

const PUBLIC = 'https://podium.example.org';
const urls = (reply: string) => [...reply.matchAll(/<(https:\/\/[^>]+)>/g)].map((m) => m[1]!);

describe('/meeting share', () => {
  it('gives organisers the page and feed links; reset makes new ones and the old ones 404', async () => {
    const h = await startHarness();
    await seedSeries(h, { language: 'en' });
    await recordPublicUrl(h.db, PUBLIC);
    const web = createWebApp({ db: h.db, log: silentLogger(), publicUrl: PUBLIC, clock: () => h.clock.now });
    try {
      const reply = await ephemeral(h.run('meeting', 'share'));
      expect(reply).toContain('🔗 **Kernel SIG** on the web');
      expect(reply).toContain(en['reply.share.private']);
      const [page, feed] = urls(reply);
      expect(page).toMatch(/^https:\/\/podium\.example\.org\/s\/[\w-]{32}\/$/);
      expect(feed).toBe(`${page}calendar.ics`);
      // 32 base64url characters: 192 random bits.
      expect(new URL(page!).pathname.split('/')[2]).toHaveLength(32);
      // Asked again: the same links.
      expect(urls(await ephemeral(h.run('meeting', 'share')))).toEqual([page, feed]);

      const served = await web.inject({ method: 'GET', url: new URL(page!).pathname });
      expect(served.statusCode).toBe(200);
      expect(served.body).toContain('<bdi>Kernel SIG</bdi>');
      expect((await web.inject({ method: 'GET', url: new URL(feed!).pathname })).statusCode).toBe(200);

      const reset = await ephemeral(h.run('meeting', 'share', { reset: true }, { locale: 'zh-CN' }));
      expect(reset).toContain(zhCN['reply.share.reset']);
      const [newPage, newFeed] = urls(reset);
      expect(newPage).not.toBe(page);
      expect((await web.inject({ method: 'GET', url: new URL(page!).pathname })).statusCode).toBe(404);
      expect((await web.inject({ method: 'GET', url: new URL(feed!).pathname })).statusCode).toBe(404);
      expect((await web.inject({ method: 'GET', url: new URL(newPage!).pathname })).statusCode).toBe(200);
      expect((await web.inject({ method: 'GET', url: new URL(newFeed!).pathname })).statusCode).toBe(200);
      const audit = await h.db.all<{ action: string; after_json: string }>(
        `SELECT action, after_json FROM audit_log WHERE action LIKE 'share.%' ORDER BY id`,
      );
      expect(audit.map((a) => a.action)).toEqual(['share.create', 'share.reset']);
      for (const a of audit) expect(a.after_json).not.toContain(new URL(newPage!).pathname.split('/')[2]);
    } finally {
      await web.close();
    }
  });

  it('is for organisers only, and says what to do when the web server never ran', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const before = await snapshot(h);
    expect(await ephemeral(h.run('meeting', 'share', {}, { user: h.members[0] }))).toBe(
      en['error.notOrganiser'],
    );
    expect(await ephemeral(h.run('meeting', 'share'))).toBe(en['error.share.noWeb']);
    expect(await ephemeral(h.run('meeting', 'share', {}, { locale: 'zh-CN' }))).toBe(
      zhCN['error.share.noWeb'],
    );
    expect(await unchangedSince(h, before)).toBe(true);
  });
});

describe('/me talks and the member feed', () => {
  it('gives a member the link to their own feed once the web server has run, always the same one', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const m0 = h.members[0];
    // No web server yet: no link, and nothing written.
    expect(textOf(await replyOf(h.run('me', 'talks', {}, { user: m0 })))).not.toContain('calendar feed');
    await recordPublicUrl(h.db, PUBLIC);
    const web = createWebApp({ db: h.db, log: silentLogger(), publicUrl: PUBLIC, clock: () => h.clock.now });
    try {
      const text = textOf(await replyOf(h.run('me', 'talks', {}, { user: m0 })));
      const url = /Your calendar feed: (https:\/\/\S+)/.exec(text)?.[1];
      expect(url).toMatch(/^https:\/\/podium\.example\.org\/m\/[\w-]{32}\/talks\.ics$/);
      const zh = textOf(await replyOf(h.run('me', 'talks', {}, { user: m0, locale: 'zh-CN' })));
      expect(zh).toContain(`你的日历订阅：${url}`);
      // Another member gets another link.
      const other = textOf(await replyOf(h.run('me', 'talks', {}, { user: h.members[1] })));
      expect(other).not.toContain(url!);
      const feed = await web.inject({ method: 'GET', url: new URL(url!).pathname });
      expect(feed.statusCode).toBe(200);
      expect(feed.body).toContain('SUMMARY:Kernel SIG: your talk');
      expect(feed.body).toContain(`UID:podium-talk-`);
    } finally {
      await web.close();
    }
  });
});

describe('metrics from the running bot', () => {
  it('count the interactions the dispatcher handled and the posts the scheduler sent', async () => {
    const db = await testDb();
    let now = 0;
    const metrics = createMetrics({ db, clock: () => now });
    const h = await startHarness({
      db,
      hooks: { onHandled: metrics.interaction, wrapPoster: metrics.observePoster },
    });
    now = h.clock.now;
    await seedSeries(h);
    await ephemeral(h.run('meeting', 'show'));
    await ephemeral(h.run('meeting', 'show'));
    await ephemeral(h.run('meeting', 'postpone', { meeting: '2020-01-01', to: '2020-01-02 21:00' }));
    h.clock.now = at('2024-07-30 21:01', TZ);
    now = h.clock.now;
    await h.bot.scheduler.tick();
    const body = await metrics.registry.metrics();
    expect(body).toContain('podium_interactions_total{command="/meeting show",outcome="ok"} 2');
    expect(body).toContain('podium_interactions_total{command="/meeting postpone",outcome="user_error"} 1');
    expect(body).toContain('podium_posts_total{kind="title_request",outcome="sent"} 1');
    expect(body).toMatch(/podium_post_lateness_seconds_count\{kind="title_request"\} 1/);
  });
});
