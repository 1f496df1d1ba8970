/**
 * Concurrent claims on PostgreSQL (docs/rules.md, "Transactions"): two
 * processes' stores (two connection pools, so two server sessions) claim the
 * one open slot at the same instant, round after round; exactly one wins each
 * time and the other is told it is taken, as on SQLite
 * (test/store/concurrency.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { claimSlot } from '../../src/app/claimSlot.ts';
import { releaseSlot } from '../../src/app/releaseSlot.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { isUserError } from '../../src/domain/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { openStore } from '../../src/store/open-store.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { actor, at, CHANNEL, ctx, memberIds, organiser } from '../support/db.ts';
import { postgresInstalled, usePostgres } from '../support/postgres.ts';

const ROUNDS = 15;

async function claim(db: Db, now: number, who: string): Promise<{ ok: boolean; key?: string }> {
  try {
    await claimSlot(ctx(db, now, actor(who)), { meeting: '2024-08-01' });
    return { ok: true };
  } catch (error) {
    if (isUserError(error)) return { ok: false, key: error.key };
    throw error;
  }
}

describe.skipIf(!postgresInstalled)('two PostgreSQL sessions claim the same open slot', () => {
  const postgres = usePostgres();

  it('lets exactly one win every time; the other is told it is already taken', async () => {
    const now = at('2024-07-20 12:00', 'Asia/Shanghai');
    const ids = memberIds(8);
    const a = await openStore({ url: postgres.url }, { poolSize: 2 });
    const b = await openStore({ url: postgres.url }, { poolSize: 2 });
    try {
      await setupSeries(ctx(a, now, organiser()), {
        channelId: CHANNEL,
        weekday: 4,
        time: '21:00',
        timezone: 'Asia/Shanghai',
        everyWeeks: 2,
        start: '2024-08-01',
      });
      for (const id of ids) await addMember(ctx(a, now, organiser()), { userId: id });
      const first = (await meetingsAfter(a, 1, now))[0]!;
      // Two members who are not presenting on 1 August race for the slot each round.
      const [x, y] = [ids[6]!, ids[7]!];
      for (let round = 0; round < ROUNDS; round += 1) {
        const holders = (await slotsOfMeeting(a, first.id)).map((s) => s.userId);
        const leaving = holders.find((h) => h !== null)!;
        await releaseSlot(ctx(a, now, actor(leaving)), { meeting: '2024-08-01' });
        const results = await Promise.all([claim(a, now, x), claim(b, now, y)]);
        expect(
          results.filter((r) => r.ok),
          `round ${round}`,
        ).toHaveLength(1);
        expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, key: 'error.claim.taken' }]);
        const after = (await slotsOfMeeting(b, first.id)).map((s) => s.userId);
        expect(after).not.toContain(null);
        expect(after.filter((h) => h === x || h === y)).toHaveLength(1);
        // The winner gives the slot back, so both race again next round.
        const winner = after.find((h) => h === x || h === y)!;
        await releaseSlot(ctx(b, now, actor(winner)), { meeting: '2024-08-01' });
        await claimSlot(ctx(b, now, actor(leaving)), { meeting: '2024-08-01' });
      }
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
