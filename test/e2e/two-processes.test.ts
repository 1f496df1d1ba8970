/**
 * Two Podium processes on one database file by mistake (or an overlapping
 * deploy): over a slice of a season (title request, nudge, agenda, a release
 * and a skip) every post goes out once, every interaction is answered once,
 * and the second process stands by. When the holder dies, the standby
 * delivers what is due within 10 seconds.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/roles/bot.ts';
import { leaseHolder } from '../../src/store/lease.ts';
import { openStore } from '../../src/store/open-store.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { at, tempDir } from '../support/db.ts';
import {
  ephemeral,
  memoryLogger,
  podiumGuild,
  seedSeries,
  startHarness,
  stopHarnesses,
  TZ,
} from './harness.ts';

let cleanup = () => {};
afterEach(async () => {
  await stopHarnesses();
  cleanup();
});

describe('two processes on one database', () => {
  it('deliver every post once, answer every interaction once, and hand over when the holder dies', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const a = await startHarness({ db: await openStore(path), guilds: [podiumGuild()] });
    const series = await seedSeries(a);
    const second = memoryLogger();
    const dbB = await openStore(path);
    const b = await startBot({
      config: a.config,
      db: dbB,
      log: second.log,
      clock: () => a.clock.now,
      holder: 'process-b',
    });
    const stopB = async () => {
      await b.stop();
      await dbB.close();
    };
    try {
      const both = async () => {
        await a.bot.scheduler.tick();
        await b.scheduler.tick();
        await a.bot.idle();
        await b.idle();
      };
      await both();
      expect(a.bot.scheduler.delivering()).toBe(true);
      expect(b.scheduler.delivering()).toBe(false);

      // Interactions reach both processes; each is applied and answered by one.
      const [m0] = a.members;
      expect(await ephemeral(a.run('slot', 'release', {}, { user: m0 }))).toContain('You gave up your slot');
      expect(
        await ephemeral(a.run('meeting', 'skip', { meeting: '2024-08-29', reason: 'Holiday' })),
      ).toContain('is cancelled');
      // Whichever process applied them, the holder's next heartbeat posts their notices.
      await both();
      // The title request, the nudge and the agenda of the first meeting, each when due.
      for (const when of ['2024-07-30 21:00', '2024-07-31 21:00', '2024-08-01 20:00']) {
        a.clock.now = at(when, TZ);
        await both();
      }

      const rows = (await outboxOfSeries(a.db, series.id)).filter(
        (r) => r.target === 'channel' || r.kind.startsWith('notice:'),
      );
      const sent = rows.filter((r) => r.state === 'sent');
      expect(sent.map((r) => r.kind)).toEqual(
        expect.arrayContaining(['title_request', 'title_nudge', 'agenda', 'notice:release', 'notice:skip']),
      );
      const shown = a.fake.messages(a.channels.meetings).filter((m) => m.nonce !== undefined);
      const nonces = shown.map((m) => String(m.nonce));
      expect(new Set(nonces).size).toBe(nonces.length);
      expect([...nonces].sort()).toEqual(sent.map((r) => String(r.id)).sort());
      // Not even attempted twice: the standby sent nothing.
      const postsOf = (nonce: string) =>
        a.fake
          .requestsMatching('POST', /^\/channels\/\d+\/messages$/)
          .filter((r) => String((r.body as { nonce?: unknown }).nonce) === nonce);
      for (const nonce of nonces) expect(postsOf(nonce)).toHaveLength(1);
      expect(second.lines.filter((l) => l.msg === 'posted')).toHaveLength(0);
      const standing = second.lines.filter((l) =>
        l.msg.startsWith('another process holds the delivery lease'),
      );
      expect(standing).toHaveLength(1);

      const callbacks = a.fake.requestsMatching('POST', /^\/interactions\/\d+\/[^/]+\/callback$/);
      const perInteraction = new Map<string, number>();
      for (const c of callbacks) {
        const id = c.path.split('/')[2]!;
        perInteraction.set(id, (perInteraction.get(id) ?? 0) + 1);
      }
      expect(perInteraction.size).toBe(2);
      expect([...perInteraction.values()]).toEqual([1, 1]);
      // Each change was written once: one release and one skip in the audit log.
      const audits = await a.db.all<{ action: string }>(
        `SELECT action FROM audit_log WHERE action IN ('slot.release', 'meeting.skip')`,
      );
      expect(audits.map((r) => r.action).sort()).toEqual(['meeting.skip', 'slot.release']);

      // The holder dies (its lease is not given up). The next title request falls due.
      const due = at('2024-08-13 21:00', TZ);
      a.clock.now = due - 1000;
      await a.bot.scheduler.tick();
      await a.bot.stop({ release: false });
      const before = a.fake.messages(a.channels.meetings).length;
      let deliveredAt: number | undefined;
      for (a.clock.now = due; a.clock.now <= due + 10_000; a.clock.now += 1000) {
        await b.scheduler.tick();
        await b.idle();
        if (a.fake.messages(a.channels.meetings).length > before) {
          deliveredAt = a.clock.now;
          break;
        }
      }
      expect(deliveredAt).toBeDefined();
      expect(deliveredAt! - due).toBeLessThanOrEqual(10_000);
      expect(b.scheduler.delivering()).toBe(true);
      expect((await leaseHolder(dbB, 'deliverer'))?.holder).toBe('process-b');
      expect(second.lines.filter((l) => l.msg.startsWith('delivery lease held'))).toHaveLength(1);
      const request = (await outboxOfSeries(dbB, series.id)).find(
        (r) => r.kind === 'title_request' && r.dueAt === due,
      );
      expect(request?.state).toBe('sent');
    } finally {
      await stopB();
    }
  }, 60_000);
});
