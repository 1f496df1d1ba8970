import { describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { acceptSwap, declineSwap } from '../../src/app/answerSwap.ts';
import { claimSlot } from '../../src/app/claimSlot.ts';
import { expireSwaps } from '../../src/app/expireSwaps.ts';
import { releaseSlot } from '../../src/app/releaseSlot.ts';
import { removeMember } from '../../src/app/removeMember.ts';
import { requestSwap } from '../../src/app/requestSwap.ts';
import { setTitle } from '../../src/app/setTitle.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { latestAudit } from '../../src/store/audit.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { getSwap } from '../../src/store/swaps.ts';
import { actor, at, CHANNEL, ctx, memberIds, organiser, testDb } from '../support/db.ts';

const TZ = 'Asia/Shanghai';
const ids = memberIds(8);
const [a, b, c, d, e, f, g, h] = ids as [string, string, string, string, string, string, string, string];
const now = at('2024-07-20 12:00', TZ);

async function season() {
  const db = await testDb();
  const { series } = await setupSeries(ctx(db, now, organiser()), {
    channelId: CHANNEL,
    weekday: 4,
    time: '21:00',
    timezone: TZ,
    everyWeeks: 2,
    start: '2024-08-01',
  });
  for (const id of ids) await addMember(ctx(db, now, organiser()), { userId: id, group: 'Main' });
  const plan = async () => {
    const rows: (string | null)[][] = [];
    for (const m of (await meetingsAfter(db, series.id, now)).slice(0, 6)) {
      rows.push((await slotsOfMeeting(db, m.id)).map((s) => s.userId));
    }
    return rows;
  };
  return { db, series, plan };
}

describe('slots', () => {
  it('starts from the roster order, two per meeting', async () => {
    const { plan } = await season();
    expect(await plan()).toEqual([
      [a, b],
      [c, d],
      [e, f],
      [g, h],
      [a, b],
      [c, d],
    ]);
  });

  it('release: the slot stays open for a claim and the member goes first next time', async () => {
    const { db, plan } = await season();
    await releaseSlot(ctx(db, now, actor(a)), {});
    expect(await plan()).toEqual([
      [null, b],
      [a, c],
      [d, e],
      [f, g],
      [h, a],
      [b, c],
    ]);
    const view = await claimSlot(ctx(db, now, actor(h)), {});
    expect(view.slots.map((s) => [s.userId, s.source, s.pinned])).toEqual([
      [h, 'claim', true],
      [b, 'rotation', false],
    ]);
    // h's claim is h's turn: the rest of the round moves up.
    expect(await plan()).toEqual([
      [h, b],
      [a, c],
      [d, e],
      [f, g],
      [a, b],
      [c, d],
    ]);
  });

  it('swap: accepted exchanges two slots and the titles follow their authors', async () => {
    const { db, plan } = await season();
    await setTitle(ctx(db, now, actor(a)), { title: 'Scheduling in the kernel' });
    const request = await requestSwap(ctx(db, now, actor(a)), { withUserId: e });
    expect(request.expiresAt).toBe(at('2024-07-31 21:00', TZ)); // the earlier meeting's title deadline
    await acceptSwap(ctx(db, now, actor(e)), { swapId: request.id });
    expect(await plan()).toEqual([
      [e, b],
      [c, d],
      [a, f],
      [g, h],
      [a, b],
      [c, d],
    ]);
    const third = await slotsOfMeeting(db, (await meetingsAfter(db, 1, now))[2]!.id);
    expect(third[0]).toMatchObject({
      userId: a,
      source: 'swap',
      pinned: true,
      title: 'Scheduling in the kernel',
    });
    expect((await latestAudit(db, 1, 1))[0]).toMatchObject({ action: 'swap.accept', actorId: e });
  });

  it('swap: declined changes nothing; an expired one can no longer be accepted', async () => {
    const { db, plan } = await season();
    const first = await requestSwap(ctx(db, now, actor(a)), { withUserId: e });
    await declineSwap(ctx(db, now, actor(e)), { swapId: first.id });
    expect(await plan()).toEqual([
      [a, b],
      [c, d],
      [e, f],
      [g, h],
      [a, b],
      [c, d],
    ]);
    const second = await requestSwap(ctx(db, now, actor(c)), { withUserId: g });
    const late = second.expiresAt + 1;
    expect((await expireSwaps(db, late)).map((s) => s.id)).toEqual([second.id]);
    expect((await getSwap(db, second.id))?.status).toBe('expired');
    await expect(acceptSwap(ctx(db, now, actor(g)), { swapId: second.id })).rejects.toThrow(
      /error.swap.closed/,
    );
  });

  it('remove closes the gap; a newcomer joins the end of the current round', async () => {
    const { db, plan } = await season();
    await removeMember(ctx(db, now, organiser()), { userId: c });
    expect(await plan()).toEqual([
      [a, b],
      [d, e],
      [f, g],
      [h, a],
      [b, d],
      [e, f],
    ]);
    const joined = '499999999999999999';
    await addMember(ctx(db, now, organiser()), { userId: joined });
    expect(await plan()).toEqual([
      [a, b],
      [d, e],
      [f, g],
      [h, joined],
      [a, b],
      [d, e],
    ]);
  });
});
