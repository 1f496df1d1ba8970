import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { SendError } from '../../src/poster/poster.ts';
import { deliverDue } from '../../src/scheduler/deliver.ts';
import { openDatabase } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openStore, sqliteStore } from '../../src/store/open-store.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { at, ctx, memoryDb, organiser, tempDir, testDb } from '../support/db.ts';
import { harness, seedSeries } from '../support/season.ts';

const TZ = 'Asia/Shanghai';
const start = at('2024-07-20 12:00', TZ);
const story = { timezone: TZ, weekday: 4, time: '21:00', everyWeeks: 2, start: '2024-08-01', size: 18 };
const key = (m: { at: number; kind: string; meetingId: number | null }) =>
  `${new Date(m.at).toISOString()} ${m.kind} ${m.meetingId}`;

let cleanup = () => {};
afterEach(() => cleanup());

describe('delivery across restarts, crashes, downtime and outages', () => {
  it('restart mid-season: rebuilt from the same file, nothing doubled or missing', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const until = at('2024-10-01 00:00', TZ);

    const straight = memoryDb();
    await seedSeries(straight, start, story);
    const a = harness(straight, start);
    await a.run(until);

    const path = join(t.dir, 'podium.db');
    let db = await openStore(path);
    await seedSeries(db, start, story);
    const b = harness(db, start);
    await b.run(at('2024-08-27 22:13', TZ));
    await db.close();
    // A new process: new connection, new scheduler state; only the file is shared.
    db = await openStore(path);
    const resumed = harness(db, b.clock.now);
    await resumed.run(until);
    await db.close();

    const together = [...b.poster.messages, ...resumed.poster.messages].map(key);
    expect(together).toEqual(a.poster.messages.map(key));
    expect(new Set(together).size).toBe(together.length);
    expect(together).toHaveLength(20); // five meetings, four reminders each
  });

  it('crash between send and mark: the row is looked up in Discord, found, marked sent and not sent again', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    // The raw file too, to close it at once, mid-delivery, as a dying process would.
    const file = openDatabase(path);
    migrate(file);
    let db = sqliteStore(file);
    await seedSeries(db, start, story);
    const h = harness(db, start);
    await h.run(at('2024-07-30 20:59', TZ));
    expect(h.poster.messages).toHaveLength(0);
    // The title request reaches Discord, then the process dies before marking it sent.
    h.poster.fail = () => {
      file.close();
      return { error: new Error('killed'), afterSend: true };
    };
    await expect(h.run(at('2024-07-30 21:00', TZ))).rejects.toThrow();
    expect(h.poster.messages).toHaveLength(1);

    db = await openStore(path);
    h.poster.fail = null;
    // Two hours later: far past any dedup window; the nonce is not what saves it.
    await deliverDue({ db, poster: h.poster, log: h.log }, at('2024-07-30 23:00', TZ));
    expect(h.poster.attempts.map((p) => p.nonce)).toEqual([h.poster.messages[0]!.nonce]);
    expect(h.poster.lookups.map((l) => l.attemptAt)).toEqual([at('2024-07-30 21:00', TZ)]);
    expect(h.poster.messages).toHaveLength(1);
    const row = (await outboxOfSeries(db, 1)).find((r) => String(r.id) === h.poster.messages[0]!.nonce);
    expect(row).toMatchObject({ state: 'sent', messageId: '1', inDoubt: false });
    await db.close();
  });

  it('downtime before a meeting: of the late title request and nudge, only the nudge goes out', async () => {
    const db = await testDb();
    await seedSeries(db, start, story);
    const h = harness(db, start);
    await h.run(at('2024-08-12 20:00', TZ));
    const before = h.poster.messages.length;
    h.clock.now = at('2024-08-15 12:00', TZ); // off for almost three days
    await h.run(at('2024-08-15 12:00', TZ));
    const late = h.poster.messages.slice(before);
    expect(late.map((m) => m.kind)).toEqual(['title_nudge']);
    expect(late.every((m) => m.at === at('2024-08-15 12:00', TZ))).toBe(true);
    const request = (await outboxOfSeries(db, 1)).find(
      (r) => r.kind === 'title_request' && r.meetingId === late[0]!.meetingId,
    );
    expect(request?.state).toBe('superseded');
  });

  it('downtime across a meeting: what is no longer useful is marked stale, not sent', async () => {
    const db = await testDb();
    await seedSeries(db, start, story);
    const h = harness(db, start);
    await h.run(at('2024-08-13 20:00', TZ));
    const before = h.poster.messages.length;
    h.clock.now = at('2024-08-16 20:00', TZ); // off for three days, across the 15 August meeting
    await h.run(at('2024-08-16 20:00', TZ));
    const meetingId = 2;
    expect(h.poster.messages.slice(before).map((m) => [m.kind, m.meetingId])).toEqual([
      ['follow_up', meetingId],
    ]);
    const rows = (await outboxOfSeries(db, 1)).filter(
      (r) => r.meetingId === meetingId && r.target === 'channel',
    );
    expect(Object.fromEntries(rows.map((r) => [r.kind, r.state]))).toEqual({
      title_request: 'stale',
      title_nudge: 'stale',
      agenda: 'stale',
      follow_up: 'sent',
    });
  });

  it('a two-hour outage (5xx, time-outs, 429): everything still useful is delivered once afterwards', async () => {
    const db = await testDb();
    await seedSeries(db, start, story);
    const h = harness(db, start);
    const outage = [at('2024-08-14 20:30', TZ), at('2024-08-14 22:30', TZ)] as const;
    let n = 0;
    h.poster.fail = () => {
      if (h.clock.now < outage[0] || h.clock.now >= outage[1]) return null;
      n += 1;
      const errors = [
        new SendError('HTTP 502', true),
        new SendError('request timed out', true),
        new SendError('rate limited', true, 90_000),
      ];
      return { error: errors[n % 3]!, afterSend: false };
    };
    await h.run(at('2024-08-16 00:00', TZ));
    const nudge = h.poster.messages.filter((m) => m.kind === 'title_nudge' && m.meetingId === 2);
    expect(nudge).toHaveLength(1);
    expect(nudge[0]!.at).toBeGreaterThanOrEqual(outage[1]);
    expect(nudge[0]!.at).toBeLessThanOrEqual(outage[1] + 10 * 60_000);
    expect(n).toBeGreaterThan(5);
    const keys = h.poster.messages.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await outboxOfSeries(db, 1)).filter((r) => r.state === 'failed')).toEqual([]);
  });

  it('a send that keeps failing is marked failed and organisers are told in the channel', async () => {
    const db = await testDb();
    await seedSeries(db, start, story);
    const h = harness(db, start);
    h.poster.fail = (post) =>
      post.meta.kind === 'title_request' && post.meta.meetingId === 1
        ? { error: new SendError('Missing Access', false), afterSend: false }
        : null;
    await h.run(at('2024-07-31 00:00', TZ));
    const row = (await outboxOfSeries(db, 1)).find((r) => r.kind === 'title_request' && r.meetingId === 1)!;
    expect(row).toMatchObject({ state: 'failed', attempts: 3, lastError: 'Missing Access' });
    const alerts = h.poster.messages.filter((m) => m.kind === 'alert:failed');
    expect(alerts).toHaveLength(1);
  });

  it('postponing re-times pending reminders and does not repeat one already sent', async () => {
    const db = await testDb();
    await seedSeries(db, start, story);
    const h = harness(db, start);
    await h.run(at('2024-09-01 23:30', TZ), [
      {
        at: at('2024-08-28 10:00', TZ),
        run: async (now) => {
          await postponeMeeting(ctx(db, now, organiser()), { meeting: '2024-08-29', to: '2024-09-01 21:00' });
        },
      },
    ]);
    const third = h.poster.messages
      .filter((m) => m.meetingId === 3)
      .map((m) => [m.kind, new Date(m.at).toISOString()]);
    expect(third).toEqual([
      ['title_request', '2024-08-27T13:00:00.000Z'],
      ['notice:postpone', '2024-08-28T02:00:00.000Z'],
      ['title_nudge', '2024-08-31T13:00:00.000Z'],
      ['agenda', '2024-09-01T12:00:00.000Z'],
      ['follow_up', '2024-09-01T15:00:00.000Z'],
    ]);
  });
});

describe('reminders across DST', () => {
  const zones = [
    // Weekly Sunday 10:00; the Sunday of the spring transition and the week around it.
    {
      zone: 'America/New_York',
      agenda: [
        '2026-03-01T14:00:00.000Z',
        '2026-03-08T13:00:00.000Z',
        '2026-10-25T13:00:00.000Z',
        '2026-11-01T14:00:00.000Z',
      ],
    },
    {
      zone: 'Europe/Berlin',
      agenda: [
        '2026-03-22T08:00:00.000Z',
        '2026-03-29T07:00:00.000Z',
        '2026-10-18T07:00:00.000Z',
        '2026-10-25T08:00:00.000Z',
      ],
    },
  ];
  for (const { zone, agenda } of zones) {
    it(`${zone}: each agenda one hour before 10:00 local, once`, async () => {
      const db = await testDb();
      const t0 = Date.parse('2026-02-20T00:00:00Z');
      await seedSeries(db, t0, {
        timezone: zone,
        weekday: 7,
        time: '10:00',
        everyWeeks: 1,
        start: '2026-02-22',
        size: 4,
      });
      const h = harness(db, t0);
      await h.run(Date.parse('2026-11-10T00:00:00Z'));
      const agendas = h.poster.messages
        .filter((m) => m.kind === 'agenda')
        .map((m) => new Date(m.at).toISOString());
      expect(new Set(agendas).size).toBe(agendas.length);
      expect(agendas).toEqual(expect.arrayContaining(agenda));
      for (const iso of agendas) {
        const local = new Intl.DateTimeFormat('en-GB', {
          timeZone: zone,
          hour: '2-digit',
          minute: '2-digit',
          weekday: 'short',
        }).format(new Date(iso));
        expect(local).toBe('Sun 09:00');
      }
      const requests = h.poster.messages.filter((m) => m.kind === 'title_request');
      for (const r of requests) {
        const local = new Intl.DateTimeFormat('en-GB', {
          timeZone: zone,
          hour: '2-digit',
          minute: '2-digit',
          weekday: 'short',
        }).format(new Date(r.at));
        expect(local).toBe('Fri 10:00');
      }
      expect(agendas.length).toBe(38); // every Sunday from 22 February to 8 November
    });
  }
});
