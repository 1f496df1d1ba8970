/**
 * The six rotation invariants of PRODUCT.md §2, checked after every step of
 * random sequences of actions (fast-check), on a real migrated database.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { acceptSwap, declineSwap } from '../../src/app/answerSwap.ts';
import { assignSlot } from '../../src/app/assignSlot.ts';
import { claimSlot } from '../../src/app/claimSlot.ts';
import type { Ctx } from '../../src/app/context.ts';
import { moveMember } from '../../src/app/moveMember.ts';
import { pauseMeetings } from '../../src/app/pauseMeetings.ts';
import { HORIZON, planSeries } from '../../src/app/planSeries.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { releaseSlot } from '../../src/app/releaseSlot.ts';
import { removeMember } from '../../src/app/removeMember.ts';
import { requestSwap } from '../../src/app/requestSwap.ts';
import { resumeMeetings } from '../../src/app/resumeMeetings.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { skipMeeting } from '../../src/app/skipMeeting.ts';
import { isUserError } from '../../src/domain/errors.ts';
import { isCancelled, type Meeting, type Slot } from '../../src/domain/model.ts';
import { localDateOf, localDateTimeOf } from '../../src/domain/zoned-time.ts';
import type { Db } from '../../src/store/db.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { activeRoster } from '../../src/store/roster.ts';
import { getSeries } from '../../src/store/series.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { actor, at, CHANNEL, ctx, memberIds, memoryDb, organiser } from '../support/db.ts';

const TZ = 'Europe/Berlin';
const CAPACITY = 2;
const pool = memberIds(14);
const HOUR = 3_600_000;

type Cmd =
  | { t: 'time'; hours: number }
  | { t: 'add'; who: number; pos: number }
  | { t: 'remove'; who: number }
  | { t: 'move'; who: number; pos: number }
  | { t: 'skip'; k: number }
  | { t: 'pause'; k: number; days: number }
  | { t: 'resume' }
  | { t: 'postpone'; k: number; hours: number }
  | { t: 'release'; who: number }
  | { t: 'claim'; who: number; k: number }
  | { t: 'swap'; who: number; other: number }
  | { t: 'answer'; accept: boolean }
  | { t: 'assign'; k: number; who: number };

const who = fc.integer({ min: 0, max: pool.length - 1 });
const k = fc.integer({ min: 0, max: 9 });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  {
    arbitrary: fc.record({ t: fc.constant('time' as const), hours: fc.integer({ min: 1, max: 500 }) }),
    weight: 4,
  },
  fc.record({ t: fc.constant('add' as const), who, pos: fc.integer({ min: 0, max: 15 }) }),
  fc.record({ t: fc.constant('remove' as const), who }),
  fc.record({ t: fc.constant('move' as const), who, pos: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ t: fc.constant('skip' as const), k }),
  fc.record({ t: fc.constant('pause' as const), k, days: fc.integer({ min: 0, max: 45 }) }),
  fc.constant({ t: 'resume' as const }),
  fc.record({ t: fc.constant('postpone' as const), k, hours: fc.integer({ min: -48, max: 96 }) }),
  { arbitrary: fc.record({ t: fc.constant('release' as const), who }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('claim' as const), who, k }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('swap' as const), who, other: who }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('answer' as const), accept: fc.boolean() }), weight: 2 },
  fc.record({ t: fc.constant('assign' as const), k, who }),
);

interface World {
  db: Db;
  seriesId: number;
  now: number;
  /** Members whose turns only the rotation decided: never pinned, released, removed, or added late. */
  notPlain: Set<string>;
  lastSwap: { id: number; from: string; to: string } | null;
  /** `meetingId:userId` of every release: the plan must not put that member back there. */
  released: Set<string>;
}

function upcoming(w: World): Meeting[] {
  return meetingsAfter(w.db, w.seriesId, w.now);
}

function dateOf(m: Meeting | undefined): string {
  return m ? localDateOf(m.startsAt, TZ) : '2099-01-01';
}

function timeline(w: World): { meeting: Meeting; slots: Slot[] }[] {
  return meetingsAfter(w.db, w.seriesId, Number.NEGATIVE_INFINITY).map((meeting) => ({
    meeting,
    slots: slotsOfMeeting(w.db, meeting.id),
  }));
}

function as(w: World, userId: string): Ctx {
  return ctx(w.db, w.now, actor(userId));
}

function run(w: World, c: Cmd): void {
  const boss = ctx(w.db, w.now, organiser());
  const held = upcoming(w).filter((m) => !isCancelled(m));
  const user = (i: number) => pool[i]!;
  switch (c.t) {
    case 'time':
      w.now += c.hours * HOUR;
      planSeries(w.db, getSeries(w.db, w.seriesId)!, w.now);
      return;
    case 'add':
      addMember(boss, { userId: user(c.who), ...(c.pos > 0 ? { position: c.pos } : {}) });
      w.notPlain.add(user(c.who));
      return;
    case 'remove':
      removeMember(boss, { userId: user(c.who) });
      w.notPlain.add(user(c.who));
      return;
    case 'move':
      moveMember(boss, { userId: user(c.who), position: c.pos });
      return;
    case 'skip':
      skipMeeting(boss, { meeting: dateOf(held[c.k]) });
      return;
    case 'pause': {
      const from = held[c.k];
      if (!from) return;
      const until = localDateOf(from.startsAt + c.days * 24 * HOUR, TZ);
      pauseMeetings(boss, { from: dateOf(from), until });
      return;
    }
    case 'resume':
      resumeMeetings(boss);
      return;
    case 'postpone': {
      const m = held[c.k];
      postponeMeeting(boss, {
        meeting: dateOf(m),
        to: localDateTimeOf((m?.startsAt ?? 0) + c.hours * HOUR, TZ),
      });
      return;
    }
    case 'release': {
      const view = releaseSlot(as(w, user(c.who)), {});
      w.released.add(`${view.meeting.id}:${user(c.who)}`);
      w.notPlain.add(user(c.who));
      return;
    }
    case 'claim':
      claimSlot(as(w, user(c.who)), {});
      w.notPlain.add(user(c.who));
      return;
    case 'swap': {
      const request = requestSwap(as(w, user(c.who)), { withUserId: user(c.other) });
      w.lastSwap = { id: request.id, from: request.fromUserId, to: request.toUserId };
      return;
    }
    case 'answer': {
      if (!w.lastSwap) return;
      const answer = c.accept ? acceptSwap : declineSwap;
      answer(as(w, w.lastSwap.to), { swapId: w.lastSwap.id });
      if (c.accept) {
        w.notPlain.add(w.lastSwap.from);
        w.notPlain.add(w.lastSwap.to);
      }
      return;
    }
    case 'assign':
      assignSlot(boss, { meeting: dateOf(held[c.k]), userId: user(c.who) });
      w.notPlain.add(user(c.who));
      return;
  }
}

/** For each held meeting from `fromSeq` on, in order: its unpinned presenters. */
function rotationPlan(w: World, fromSeq: number): string[][] {
  return timeline(w)
    .filter(({ meeting }) => meeting.seq >= fromSeq && meeting.startsAt > w.now && !isCancelled(meeting))
    .map(({ slots }) => slots.filter((s) => !s.pinned && s.userId !== null).map((s) => s.userId!));
}

function checkInvariants(
  w: World,
  before: ReturnType<typeof timeline>,
  c: Cmd,
  changed: boolean,
  planBefore: string[][],
  target?: Meeting,
): void {
  const after = timeline(w);
  const roster = activeRoster(w.db, w.seriesId);
  // Past meetings are history: nothing about them changes.
  for (const old of before.filter((x) => x.meeting.startsAt <= w.now)) {
    expect(after.find((x) => x.meeting.id === old.meeting.id)).toEqual(old);
  }
  // The plan covers at least HORIZON held meetings.
  expect(
    after.filter(({ meeting }) => meeting.startsAt > w.now && !isCancelled(meeting)).length,
  ).toBeGreaterThanOrEqual(HORIZON);
  for (const { meeting, slots } of after) {
    // 1. at most one slot per member per meeting, at most `presenters` filled.
    const users = slots.flatMap((s) => (s.userId ? [s.userId] : []));
    expect(new Set(users).size).toBe(users.length);
    expect(slots.length).toBeLessThanOrEqual(CAPACITY);
    if (isCancelled(meeting) && meeting.startsAt > w.now) expect(slots).toEqual([]);
    // Upcoming held meetings are full when the roster can fill them.
    if (meeting.startsAt > w.now && !isCancelled(meeting) && roster.length > CAPACITY + 1)
      expect(slots).toHaveLength(CAPACITY);
    // A member who gave up a meeting is not planned back into it.
    for (const s of slots)
      if (s.source === 'rotation') expect(w.released.has(`${meeting.id}:${s.userId}`)).toBe(false);
    // 6. removed members keep no future unpinned slot.
    if (meeting.startsAt > w.now) {
      for (const s of slots)
        if (!s.pinned && s.userId) expect(roster.map((m) => m.userId)).toContain(s.userId);
    }
  }
  // 2. among members whose turns only the rotation decided, counts never differ by more than one.
  const plain = roster.map((m) => m.userId).filter((id) => !w.notPlain.has(id));
  const counts = new Map(plain.map((id) => [id, 0]));
  for (const { meeting, slots } of after) {
    if (isCancelled(meeting)) continue;
    for (const s of slots)
      if (s.userId && counts.has(s.userId)) counts.set(s.userId, counts.get(s.userId)! + 1);
    if (plain.length > 0)
      expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
  }
  if (!changed) return;
  // 3. skipping or pausing loses nobody's turn: the queue of rotation turns keeps its
  // order, so the cancelled meeting's presenters come first at the next held meeting.
  // Tolerance: the order inside one meeting (capacity − 1 places), and members who gave
  // up a slot, who keep their place at the front of the queue.
  if ((c.t === 'skip' || c.t === 'pause') && target) {
    const queueBefore = planBefore.flat();
    const queueAfter = rotationPlan(w, target.seq).flat();
    const front = roster.filter((m) => m.frontAtTurns !== null).length;
    // Beyond the shorter horizon, minus a couple of meetings, nothing is known yet.
    queueBefore
      .slice(0, Math.max(0, Math.min(queueBefore.length, queueAfter.length) - 2 * CAPACITY - front))
      .forEach((u, p) => {
        if (queueBefore.indexOf(u) !== p) return;
        const q = queueAfter.indexOf(u);
        expect(q, `${u} was turn ${p} of the queue`).toBeGreaterThanOrEqual(0);
        expect(q, `${u} was turn ${p} of the queue`).toBeLessThanOrEqual(p + CAPACITY - 1 + front);
      });
  }
  // 4. an accepted swap exchanges the two members' slots.
  if (c.t === 'answer' && c.accept && w.lastSwap) {
    const { from, to } = w.lastSwap;
    const place = (tl: ReturnType<typeof timeline>, u: string) =>
      tl
        .filter(({ meeting, slots }) => meeting.startsAt > w.now && slots.some((s) => s.userId === u))
        .map(({ meeting }) => meeting.id);
    const fromMeeting = place(before, from)[0];
    expect(place(after, to)).toContain(fromMeeting);
    const pinnedTo = after
      .find(({ meeting }) => meeting.id === fromMeeting)!
      .slots.find((s) => s.userId === to)!;
    expect(pinnedTo).toMatchObject({ pinned: true, source: 'swap' });
  }
  // 5. pinned slots stay where they are (cancelling moves them on, to a later meeting).
  if (c.t !== 'answer' && c.t !== 'release' && c.t !== 'assign') {
    for (const old of before) {
      if (old.meeting.startsAt <= w.now) continue;
      for (const s of old.slots.filter((x) => x.pinned && x.userId)) {
        const now = after.find((x) => x.meeting.id === old.meeting.id)!;
        if (isCancelled(now.meeting) && !isCancelled(old.meeting)) {
          expect(
            after.some(
              ({ meeting, slots }) =>
                meeting.seq > old.meeting.seq && slots.some((x) => x.userId === s.userId && x.pinned),
            ),
          ).toBe(true);
        } else if (!isCancelled(now.meeting)) {
          expect(now.slots.some((x) => x.userId === s.userId && x.pinned)).toBe(true);
        }
      }
    }
  }
}

describe('rotation invariants under random actions', () => {
  it('hold after every step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 10 }),
        fc.array(cmd, { minLength: 1, maxLength: 30 }),
        (size, cmds) => {
          const db = memoryDb();
          const start = at('2026-01-05 09:00', TZ);
          const boss = ctx(db, start, organiser());
          const { series } = setupSeries(boss, {
            channelId: CHANNEL,
            weekday: 4,
            time: '19:00',
            timezone: TZ,
            everyWeeks: 1,
            start: '2026-01-08',
            presenters: CAPACITY,
          });
          for (const id of pool.slice(0, size)) addMember(boss, { userId: id });
          const w: World = {
            db,
            seriesId: series.id,
            now: start,
            notPlain: new Set(),
            lastSwap: null,
            released: new Set(),
          };
          for (const c of cmds) {
            const before = timeline(w);
            const held = upcoming(w).filter((m) => !isCancelled(m));
            const target = c.t === 'skip' || c.t === 'pause' ? held[c.k] : undefined;
            const planBefore = target ? rotationPlan(w, target.seq) : [];
            const image = db.serialize();
            let changed = true;
            try {
              run(w, c);
            } catch (error) {
              if (!isUserError(error)) throw error;
              changed = false;
              // A refused action changes nothing.
              expect(db.serialize().equals(image)).toBe(true);
            }
            checkInvariants(w, before, c, changed, planBefore, target);
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  }, 600_000);
});
