import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { releaseSlot } from '../../src/app/releaseSlot.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { openStore } from '../../src/store/open-store.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { actor, at, CHANNEL, ctx, memberIds, organiser, tempDir } from '../support/db.ts';

let cleanup = () => {};
afterEach(() => cleanup());

function claimInWorker(path: string, now: number, who: ReturnType<typeof actor>, barrier: SharedArrayBuffer) {
  return new Promise<{ ok: boolean; key?: string; error?: string }>((resolve, reject) => {
    // The worker loads the TypeScript module through tsx's loader API.
    const script = new URL('./claim-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(script)}, ${JSON.stringify(import.meta.url)}))`;
    const worker = new Worker(boot, {
      eval: true,
      workerData: { path, now, actor: who, barrier, meeting: '2024-08-01' },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('two connections claim the same open slot', () => {
  it('lets exactly one win; the other is told it is already taken', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const db = await openStore(path);
    const now = at('2024-07-20 12:00', 'Asia/Shanghai');
    const ids = memberIds(6);
    await setupSeries(ctx(db, now, organiser()), {
      channelId: CHANNEL,
      weekday: 4,
      time: '21:00',
      timezone: 'Asia/Shanghai',
      everyWeeks: 2,
      start: '2024-08-01',
    });
    for (const id of ids) await addMember(ctx(db, now, organiser()), { userId: id });
    await releaseSlot(ctx(db, now, actor(ids[0]!)), {});
    await db.close();

    const barrier = new SharedArrayBuffer(4);
    const results = await Promise.all([
      claimInWorker(path, now, actor(ids[4]!), barrier),
      claimInWorker(path, now, actor(ids[5]!), barrier),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, key: 'error.claim.taken' }]);

    const check = await openStore(path);
    const first = (await meetingsAfter(check, 1, now))[0]!;
    const holders = (await slotsOfMeeting(check, first.id)).map((s) => s.userId);
    expect(holders.filter((h) => h === ids[4] || h === ids[5])).toHaveLength(1);
    expect(holders).not.toContain(null);
    await check.close();
  });
});
