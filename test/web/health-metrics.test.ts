/** `/healthz` and `/metrics` through fastify's injection. */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import type { Post } from '../../src/poster/poster.ts';
import { SendError } from '../../src/poster/poster.ts';
import { payload } from '../../src/render/payload.ts';
import type { Db } from '../../src/store/db.ts';
import { createMetrics, type GatewayProbe } from '../../src/web/metrics.ts';
import { createWebApp } from '../../src/web/server.ts';
import { memoryDb, testDb } from '../support/db.ts';

const apps: ReturnType<typeof createWebApp>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

function app(
  db: Db,
  extra: { gateway?: () => GatewayProbe | null; metrics?: ReturnType<typeof createMetrics> } = {},
) {
  const a = createWebApp({ db, log: silentLogger(), publicUrl: 'http://x', ...extra });
  apps.push(a);
  return a;
}

const probe = (connected: boolean, ping: number | null = 42): GatewayProbe => ({
  connected: () => connected,
  pingMs: () => ping,
});

describe('/healthz', () => {
  it('is 200 with details when the database answers (no gateway in this process)', async () => {
    const res = await app(await testDb()).inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { ok: true } });
    expect(res.json()).not.toHaveProperty('gateway');
  });

  it('with a gateway: 200 only while it is connected', async () => {
    const db = await testDb();
    let connected = true;
    const a = app(db, { gateway: () => probe(connected) });
    const up = await a.inject({ method: 'GET', url: '/healthz' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: 'ok', gateway: { ok: true, pingMs: 42 } });
    connected = false;
    const down = await a.inject({ method: 'GET', url: '/healthz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({
      status: 'unavailable',
      database: { ok: true },
      gateway: { ok: false },
    });
  });

  it('is 503 when the database does not answer', async () => {
    // SQLite's own words for a closed connection: the store's handle stays, its file is gone.
    const db = memoryDb();
    const a = app(db);
    await db.withSqlite((file) => file.close());
    const res = await a.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', database: { ok: false } });
    expect(res.json().database.error).toContain('not open');
  });
});

describe('/metrics', () => {
  it('counts interactions and posts, and reads outbox states and the gateway ping when scraped', async () => {
    const db = await testDb();
    let clock = 1_000_000;
    const metrics = createMetrics({ db, clock: () => clock, gateway: () => probe(true, 87) });
    metrics.interaction({ command: '/meeting show', outcome: 'ok', ms: 12 });
    metrics.interaction({ command: '/meeting show', outcome: 'ok', ms: 30 });
    metrics.interaction({ command: '/slot claim', outcome: 'user_error', ms: 3 });
    let fail = false;
    const inner = {
      async send(_post: Post) {
        if (fail) throw new SendError('no access', false);
        return { messageId: '1' };
      },
      // Anything else a poster offers passes through the wrapper.
      async find() {
        return { messageId: 'found' };
      },
    };
    const poster = metrics.observePoster(inner);
    expect(await poster.find()).toEqual({ messageId: 'found' });
    const post = (kind: string, dueAt: number): Post => ({
      channelId: '1',
      nonce: '1',
      payload: payload({ content: 'agenda' }),
      meta: { outboxId: 1, kind, seriesId: 1, meetingId: null, dueAt, timeZone: 'UTC', language: 'en' },
    });
    await poster.send(post('agenda', clock - 2500));
    fail = true;
    await expect(poster.send(post('agenda', clock))).rejects.toThrow('no access');
    const series = await db.get<{ id: number }>(
      `INSERT INTO series (guild_id, channel_id, name, timezone, weekday, hour, minute, every_weeks, first_date, next_plan_at, created_at)
       VALUES ('1', '2', 's', 'UTC', 1, 0, 0, 1, '2024-01-01', 0, 0) RETURNING id`,
    );
    for (const state of ['pending', 'pending', 'sent', 'failed'])
      await db.run(
        `INSERT INTO outbox (series_id, kind, target, channel_id, due_at, state, next_attempt_at, created_at)
         VALUES (?, 'agenda', ?, '2', 0, ?, 0, 0)`,
        [series!.id, `t${Math.random()}`, state],
      );

    clock += 1;
    const res = await app(db, { metrics }).inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const body = res.body;
    expect(body).toContain('podium_interactions_total{command="/meeting show",outcome="ok"} 2');
    expect(body).toContain('podium_interactions_total{command="/slot claim",outcome="user_error"} 1');
    expect(body).toContain(
      'podium_interaction_duration_seconds_count{command="/meeting show",outcome="ok"} 2',
    );
    expect(body).toContain(
      'podium_interaction_duration_seconds_bucket{le="0.025",command="/meeting show",outcome="ok"} 1',
    );
    expect(body).toContain('podium_posts_total{kind="agenda",outcome="sent"} 1');
    expect(body).toContain('podium_posts_total{kind="agenda",outcome="error"} 1');
    expect(body).toContain('podium_post_lateness_seconds_bucket{le="2",kind="agenda"} 0');
    expect(body).toContain('podium_post_lateness_seconds_bucket{le="5",kind="agenda"} 1');
    expect(body).toContain('podium_outbox_rows{state="pending"} 2');
    expect(body).toContain('podium_outbox_rows{state="sent"} 1');
    expect(body).toContain('podium_outbox_rows{state="failed"} 1');
    expect(body).toContain('podium_outbox_rows{state="stale"} 0');
    expect(body).toContain('podium_gateway_ping_seconds 0.087');
    expect(body).toContain('podium_gateway_connected 1');
    // Default process metrics.
    expect(body).toContain('podium_process_resident_memory_bytes');
    expect(body).toContain('podium_nodejs_eventloop_lag_seconds');
  });
});
