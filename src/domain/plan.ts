/**
 * The rotation plan (docs/rules.md#rotation, docs/rules.md#turns): which members fill the slots
 * of the upcoming meetings. Pure: the caller passes the roster, how many turns
 * each member has taken in held meetings, and the upcoming meetings in order
 * with their current slots; the plan comes back. Re-planning with the same
 * input gives the same plan, and time passing does not change it.
 *
 * How the six invariants are kept:
 * 1. a member is placed at most once per meeting, never above capacity;
 * 2. members are taken by fewest turns first (then released-first, then roster
 *    order), so nobody goes twice before everybody went once;
 * 3. cancelled meetings get no rotation slots: the queue simply moves on to the
 *    next held meeting; their pinned slots are carried to the next meeting with room;
 * 4. swaps are done by the caller on pinned slots, which the plan never moves;
 * 5. pinned slots (claim, swap, assign, open after release) stay where they are
 *    and count as that member's turn;
 * 6. only active roster members are drawn, so removed members drop out and the
 *    queue closes the gap; newcomers start with the current round's turn count.
 *
 * Away periods: a member away at a meeting is not drawn for it. Not being drawn
 * costs no turn, so they keep their place by turn count; and a member who was
 * away at a held meeting is "owed": among members with as many turns, they come
 * first (with those who released a slot) until they next hold a slot. The
 * caller derives who is owed from history (`owed`), so the plan of a meeting
 * does not change when the meetings before it pass.
 */
import type { SlotSource } from './model.ts';

export interface PlanMember {
  userId: string;
  position: number;
  turnsBase: number;
  frontAtTurns: number | null;
}

export interface PlanSlot {
  userId: string | null;
  source: SlotSource;
  pinned: boolean;
  title: string | null;
}

export interface PlanMeeting {
  id: number;
  cancelled: boolean;
  capacity: number;
  slots: PlanSlot[];
  /** Members who gave this meeting up. */
  releasedBy: readonly string[];
  /** Members away on this meeting's date. */
  away: readonly string[];
}

export interface PlanInput {
  roster: PlanMember[];
  /** Turns taken in held meetings, per user. */
  pastTurns: ReadonlyMap<string, number>;
  /** Upcoming meetings, earliest first. */
  meetings: PlanMeeting[];
  /** Members away at a meeting already held who have held no slot since. */
  owed?: ReadonlySet<string>;
}

/** Turn count a member has before the upcoming meetings: joining credit plus turns taken. */
export function committedTurns(
  member: Pick<PlanMember, 'userId' | 'turnsBase'>,
  past: ReadonlyMap<string, number>,
): number {
  return member.turnsBase + (past.get(member.userId) ?? 0);
}

/** The slots of every upcoming meeting, by meeting id. Cancelled meetings get none. */
export function planRotation(input: PlanInput): Map<number, PlanSlot[]> {
  const turns = new Map<string, number>();
  for (const m of input.roster) turns.set(m.userId, committedTurns(m, input.pastTurns));
  for (const meeting of input.meetings) {
    for (const slot of meeting.slots) {
      if (slot.pinned && slot.userId !== null && turns.has(slot.userId)) {
        turns.set(slot.userId, (turns.get(slot.userId) ?? 0) + 1);
      }
    }
  }

  const owed = new Set(input.owed ?? []);
  const queueKey = (m: PlanMember): [number, number, number] => {
    const t = turns.get(m.userId) ?? 0;
    const front = (m.frontAtTurns !== null && t <= m.frontAtTurns) || owed.has(m.userId) ? 0 : 1;
    return [t, front, m.position];
  };
  const nextInQueue = (exclude: ReadonlySet<string>): PlanMember | undefined => {
    let best: PlanMember | undefined;
    let bestKey: [number, number, number] | undefined;
    for (const m of input.roster) {
      if (exclude.has(m.userId)) continue;
      const key = queueKey(m);
      if (!bestKey || compareKeys(key, bestKey) < 0) {
        best = m;
        bestKey = key;
      }
    }
    return best;
  };

  // A member who gave up a slot is not planned into that meeting or any before it:
  // they keep their turn for the first meeting after it.
  const releasedAt = new Map<string, number>();
  input.meetings.forEach((meeting, index) => {
    for (const userId of meeting.releasedBy) releasedAt.set(userId, index);
  });

  const result = new Map<number, PlanSlot[]>();
  let carried: PlanSlot[] = [];
  for (const [index, meeting] of input.meetings.entries()) {
    const pinned = meeting.slots.filter((s) => s.pinned);
    if (meeting.cancelled) {
      carried = [...carried, ...pinned.filter((s) => s.userId !== null)];
      result.set(meeting.id, []);
      continue;
    }
    const slots: PlanSlot[] = [];
    const present = new Set<string>();
    const stillCarried: PlanSlot[] = [];
    for (const slot of [...carried, ...pinned]) {
      const fits = slots.length < meeting.capacity && (slot.userId === null || !present.has(slot.userId));
      if (fits) {
        slots.push(slot);
        if (slot.userId !== null) present.add(slot.userId);
      } else if (slot.userId !== null) {
        stillCarried.push(slot);
      }
    }
    carried = stillCarried;
    const exclude = new Set([...present, ...meeting.away]);
    for (const [userId, last] of releasedAt) if (index <= last) exclude.add(userId);
    while (slots.length < meeting.capacity) {
      const next = nextInQueue(exclude);
      if (!next) break;
      slots.push({ userId: next.userId, source: 'rotation', pinned: false, title: null });
      exclude.add(next.userId);
      turns.set(next.userId, (turns.get(next.userId) ?? 0) + 1);
    }
    result.set(meeting.id, slots);
    settleOwed(owed, slots, meeting.away);
  }
  return keepTitles(input.meetings, result);
}

/**
 * Who is owed after a held meeting: whoever held a slot in it no longer is; a
 * member away at it without a slot now is. The caller applies the same rule to
 * the meetings already held (`owed`).
 */
function settleOwed(owed: Set<string>, slots: readonly PlanSlot[], away: readonly string[]): void {
  const present = new Set(slots.flatMap((s) => (s.userId === null ? [] : [s.userId])));
  for (const userId of present) owed.delete(userId);
  for (const userId of away) if (!present.has(userId)) owed.add(userId);
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * A title belongs to the member's next talk: it stays when the member stays in
 * the meeting, and follows them to their next slot when the plan moves them.
 */
function keepTitles(
  meetings: readonly PlanMeeting[],
  plan: Map<number, PlanSlot[]>,
): Map<number, PlanSlot[]> {
  const orphaned = new Map<string, string[]>();
  for (const meeting of meetings) {
    const now = plan.get(meeting.id) ?? [];
    for (const old of meeting.slots) {
      if (old.userId === null || old.title === null || old.pinned) continue;
      const kept = now.find((s) => s.userId === old.userId);
      if (kept && !kept.pinned) kept.title = old.title;
      else if (!kept) orphaned.set(old.userId, [...(orphaned.get(old.userId) ?? []), old.title]);
    }
  }
  for (const meeting of meetings) {
    for (const slot of plan.get(meeting.id) ?? []) {
      if (slot.userId === null || slot.title !== null) continue;
      const titles = orphaned.get(slot.userId);
      if (titles && titles.length > 0) slot.title = titles.shift() ?? null;
    }
  }
  return plan;
}
