import { isCancelled, type Meeting, type Pause, type Series } from '../domain/model.ts';
import { type PlanMeeting, planRotation } from '../domain/plan.ts';
import { occurrencesAfter } from '../domain/recurrence.ts';
import { REMINDER_KINDS, reminderDueAt } from '../domain/reminders.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import type { Db } from '../store/db.ts';
import { insertMeeting, lastMeeting, meetingsAfter, pastTurns } from '../store/meetings.ts';
import { enqueue, markDone, meetingOutbox, type OutboxRow, rearmReminder } from '../store/outbox.ts';
import { openPauses } from '../store/pauses.ts';
import { activeRoster } from '../store/roster.ts';
import { setNextPlanAt } from '../store/series.ts';
import { releasesOf, slotsOfMeeting, writePlannedSlots } from '../store/slots.ts';
import { awayForPlan } from './awayPlan.ts';
import { recurrenceOf } from './context.ts';
import { syncDmReminders } from './dmReminders.ts';
import { syncEventMirrors } from './syncEventMirrors.ts';

/** How many held meetings ahead the plan always covers (docs/rules.md#rotation). */
export const HORIZON = 8;

/** The open pause covering a local date, if any. */
export function pauseCovering(pauses: readonly Pause[], date: string): Pause | undefined {
  return pauses.find((p) => p.fromDate <= date && date <= p.untilDate);
}

/**
 * Brings a series' plan up to date at `now`, inside the caller's transaction:
 * extends it to HORIZON held meetings, re-plans the rotation of the upcoming
 * meetings, and enqueues or re-times their reminders. Idempotent.
 */
export async function planSeries(db: Db, series: Series, now: number): Promise<Meeting[]> {
  await extendHorizon(db, series, now);
  const upcoming = await meetingsAfter(db, series.id, now);
  const away = await awayForPlan(db, series, now);
  const roster = await activeRoster(db, series.id);
  const turns = await pastTurns(db, series.id, now);
  // One query at a time, in order: `db` is the caller's transaction (one connection).
  const meetings: PlanMeeting[] = [];
  for (const m of upcoming) {
    meetings.push({
      id: m.id,
      cancelled: isCancelled(m),
      capacity: series.presenters,
      slots: await slotsOfMeeting(db, m.id),
      releasedBy: await releasesOf(db, m.id),
      away: away.awayAt(m),
    });
  }
  const plan = planRotation({
    roster,
    pastTurns: turns,
    meetings,
    owed: away.owed,
  });
  for (const m of upcoming) await writePlannedSlots(db, m.id, plan.get(m.id) ?? [], now);
  // Read again: writing slots bumps the versions the event mirror follows.
  const current = await meetingsAfter(db, series.id, now);
  await syncReminders(db, series, current, now);
  await syncDmReminders(db, series, current, plan, now);
  const firstHeld = current.find((m) => !isCancelled(m));
  await setNextPlanAt(db, series.id, firstHeld?.startsAt ?? now + 7 * 86_400_000);
  return current;
}

async function extendHorizon(db: Db, series: Series, now: number): Promise<void> {
  const upcoming = await meetingsAfter(db, series.id, now);
  let missing = HORIZON - upcoming.filter((m) => !isCancelled(m)).length;
  if (missing <= 0) return;
  const last = await lastMeeting(db, series.id);
  let seq = (last?.seq ?? -1) + 1;
  let after = Math.max(
    last?.plannedAt ?? Number.NEGATIVE_INFINITY,
    last?.startsAt ?? Number.NEGATIVE_INFINITY,
    now,
  );
  const pauses = await openPauses(db, series.id, localDateOf(now, series.timeZone));
  const rule = recurrenceOf(series);
  // A long pause can cancel many meetings; stop after a bounded number of tries.
  for (let guard = 0; missing > 0 && guard < 200; guard += 1) {
    const [at] = occurrencesAfter(rule, after, 1) as [number];
    const pause = pauseCovering(pauses, localDateOf(at, series.timeZone));
    await insertMeeting(db, {
      seriesId: series.id,
      seq,
      startsAt: at,
      status: pause ? 'paused' : 'scheduled',
      pauseId: pause?.id ?? null,
    });
    if (!pause) missing -= 1;
    seq += 1;
    after = at;
  }
}

/**
 * Enqueues or re-times each reminder of the upcoming meetings (cancelling those
 * of cancelled meetings), and asks the mirror to bring the guild's scheduled
 * events in line (`syncEventMirrors`). Reads the meetings' rows once and writes only what
 * differs, so a re-plan that changes nothing costs one query.
 */
async function syncReminders(
  db: Db,
  series: Series,
  upcoming: readonly Meeting[],
  now: number,
): Promise<void> {
  const titleChannel = series.topicChannelId ?? series.channelId;
  const existing = new Map<string, OutboxRow>();
  for (const row of await meetingOutbox(
    db,
    upcoming.map((m) => m.id),
  ))
    existing.set(`${row.meetingId}:${row.kind}`, row);
  await syncEventMirrors(db, series.guildId, now);
  for (const m of upcoming) {
    for (const kind of REMINDER_KINDS) {
      const row = existing.get(`${m.id}:${kind}`);
      const dueAt = isCancelled(m) ? null : reminderDueAt(series, m, kind);
      const channelId = kind === 'title_request' || kind === 'title_nudge' ? titleChannel : series.channelId;
      if (dueAt === null) {
        if (row?.state === 'pending')
          await markDone(db, row.id, 'cancelled', isCancelled(m) ? 'meeting cancelled' : 'turned off');
      } else if (!row) {
        await enqueue(
          db,
          { seriesId: series.id, meetingId: m.id, kind, target: 'channel', channelId, dueAt },
          now,
        );
      } else if (
        row.state !== 'sent' &&
        (row.state === 'cancelled' || row.dueAt !== dueAt || row.channelId !== channelId)
      ) {
        // Re-armed: cancelled (the meeting is back), or moved. A reminder already sent is never repeated.
        await rearmReminder(db, row.id, dueAt, channelId);
      }
    }
  }
}
