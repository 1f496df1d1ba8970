import type { MeetingView } from '../app/views.ts';
import { meetingView } from '../app/views.ts';
import { collapseOverdue } from '../domain/collapse.ts';
import { type DeliveryStep, nextDeliveryStep } from '../domain/delivery-step.ts';
import { isCancelled, type Series } from '../domain/model.ts';
import { encodePost } from '../domain/post-data.ts';
import { meetingEnd, usefulUntil } from '../domain/reminders.ts';
import type { Logger } from '../log.ts';
import type { EventMirrorPort } from '../poster/event-mirror.ts';
import { messageDigest } from '../poster/message-digest.ts';
import { outcomeOf, type Post, type Poster, SendError } from '../poster/poster.ts';
import { renderPost } from '../render/posts.ts';
import { canWriteNow, type Db, inTransaction, isBusy } from '../store/db.ts';
import { getMeeting, meetingsAfter } from '../store/meetings.ts';
import {
  clearDoubt,
  dueMirrorRows,
  dueRows,
  enqueue,
  isClaimedMessage,
  markAttempt,
  markDone,
  markFailed,
  markRetry,
  markSent,
  type OutboxRow,
  overdueReminders,
} from '../store/outbox.ts';
import { getSeries } from '../store/series.ts';
import { organiserRoleOf } from '../store/settings.ts';
import { MIRROR_BATCH, mirrorEvent } from './deliver-mirror.ts';
import { prepareDm, settleDmRefusal } from './dm-delivery.ts';
import { type LaneSignal, runLanes } from './lanes.ts';
import { type DeliveryLease, soleDeliverer } from './lease.ts';

export interface DeliverDeps {
  db: Db;
  poster: Poster;
  log: Logger;
  /**
   * The right to send: nothing goes out unless it is valid at the moment of
   * sending. The scheduler always passes one; without it the caller is alone
   * by construction (the demo, a test's simulated season).
   */
  lease?: DeliveryLease;
  /** Discord scheduled events; without it (demo, console) event rows are set aside. */
  events?: EventMirrorPort;
  /** Channels sent to at once (default 16); posts within one channel keep their order. */
  concurrency?: number;
}

export interface DeliveryReport {
  sent: number;
  /** Of `sent`: rows an in-doubt attempt had already delivered, found in Discord. */
  found: number;
  stale: number;
  skipped: number;
  superseded: number;
  retried: number;
  failed: number;
}

/** Rows taken per query; a pass goes on while whole batches are handled. */
const BATCH = 200;
const DEFAULT_CONCURRENCY = 16;
const SOLE = soleDeliverer();

const REMINDER = new Set(['title_request', 'title_nudge', 'agenda', 'follow_up']);

async function nextHeld(db: Db, series: Series, after: number): Promise<MeetingView | null> {
  const next = (await meetingsAfter(db, series.id, after)).find((m) => !isCancelled(m));
  return next ? meetingView(db, series, next) : null;
}

/** What a row needs to be rendered: the series, its meeting, and the meeting after. */
async function load(db: Db, row: OutboxRow) {
  const series = await getSeries(db, row.seriesId);
  if (!series) return null;
  const meeting = row.meetingId === null ? undefined : await getMeeting(db, row.meetingId);
  const view = meeting ? await meetingView(db, series, meeting) : null;
  const next = await nextHeld(db, series, meeting?.startsAt ?? row.dueAt);
  return { series, view, next };
}

/** Until when a row is worth sending, from the database as it is now. */
async function usefulUntilOf(db: Db, row: OutboxRow): Promise<number> {
  const series = await getSeries(db, row.seriesId);
  const meeting = row.meetingId === null ? undefined : await getMeeting(db, row.meetingId);
  return usefulUntil({
    kind: row.kind,
    dueAt: row.dueAt,
    createdAt: row.createdAt,
    meetingStartsAt: meeting?.startsAt ?? null,
    meetingEndsAt: meeting && series ? meetingEnd(series, meeting) : null,
  });
}

/** Why a due row should not be sent now, or null to send it. */
function reasonNotToSend(
  row: OutboxRow,
  loaded: NonNullable<Awaited<ReturnType<typeof load>>>,
  now: number,
): ['stale' | 'skipped' | 'cancelled', string] | null {
  const { series, view } = loaded;
  if (!series.active) return ['cancelled', 'series inactive'];
  if (REMINDER.has(row.kind)) {
    if (!view) return ['cancelled', 'meeting gone'];
    if (isCancelled(view.meeting)) return ['cancelled', 'meeting cancelled'];
    if (row.kind !== 'follow_up' && view.slots.every((s) => s.userId === null))
      return ['skipped', 'no presenters'];
    if (row.kind === 'title_nudge' && view.slots.every((s) => s.userId === null || s.title !== null)) {
      return ['skipped', 'every title is in'];
    }
  }
  const until = usefulUntil({
    kind: row.kind,
    dueAt: row.dueAt,
    createdAt: row.createdAt,
    meetingStartsAt: view?.meeting.startsAt ?? null,
    meetingEndsAt: view ? meetingEnd(series, view.meeting) : null,
  });
  if (now > until) return ['stale', `no longer useful after ${new Date(until).toISOString()}`];
  return null;
}

function describe(error: unknown): SendError {
  if (error instanceof SendError) return error;
  return new SendError(error instanceof Error ? error.message : String(error), true);
}

/** Channel posts of one channel go one after another; scheduled events have lanes of their own. */
function laneOf(row: OutboxRow): string {
  return row.kind === 'event:sync' ? `events:${row.seriesId}` : `channel:${row.channelId}`;
}

/**
 * Marks superseded the overdue reminders of the due rows' meetings that a more
 * advanced one makes pointless (see `collapseOverdue`), and returns the rows
 * left to deliver.
 */
async function collapse(
  deps: DeliverDeps,
  due: OutboxRow[],
  now: number,
  report: DeliveryReport,
): Promise<OutboxRow[]> {
  const { db, log } = deps;
  const meetingIds = [
    ...new Set(due.flatMap((r) => (r.meetingId !== null && REMINDER.has(r.kind) ? [r.meetingId] : []))),
  ];
  const overdue = await overdueReminders(db, meetingIds, now);
  if (overdue.length < 2) return due;
  const candidates = [];
  for (const r of overdue) {
    candidates.push({
      id: r.id,
      meetingId: r.meetingId,
      kind: r.kind,
      target: r.target,
      usefulUntil: await usefulUntilOf(db, r),
    });
  }
  const superseded = collapseOverdue(candidates, now);
  if (superseded.length === 0) return due;
  const kindOf = new Map(overdue.map((r) => [r.id, r.kind]));
  await inTransaction(db, async (tx) => {
    for (const s of superseded)
      await markDone(tx, s.id, 'superseded', `superseded by ${kindOf.get(s.by)} (outbox ${s.by})`);
  });
  for (const s of superseded) {
    report.superseded += 1;
    log.info(
      { outboxId: s.id, kind: kindOf.get(s.id), by: s.by, byKind: kindOf.get(s.by) },
      'missed reminder superseded by a more advanced one; not sent',
    );
  }
  const gone = new Set(superseded.map((s) => s.id));
  return due.filter((r) => !gone.has(r.id));
}

/**
 * Sends every outbox row due by `now`, in due order: the one indexed query of
 * the per-second heartbeat. Overdue reminders of one meeting collapse into
 * the most advanced; each remaining row is rendered from the database as it
 * is now. Different channels are sent to side by side, each channel in order.
 * Every attempt is recorded before it is made; a row whose last attempt may
 * have reached Discord is looked up there before it is sent again. Nothing is
 * sent without a valid lease.
 */
export async function deliverDue(given: DeliverDeps, now: number): Promise<DeliveryReport> {
  const deps = given;
  const lease = given.lease ?? SOLE;
  const { db, log } = deps;
  const report: DeliveryReport = {
    sent: 0,
    found: 0,
    stale: 0,
    skipped: 0,
    superseded: 0,
    retried: 0,
    failed: 0,
  };
  for (;;) {
    if (!lease.isValid()) return report;
    // Every due post first; then a few scheduled-event rows, in their own lane.
    const due = [...(await dueRows(db, now, BATCH)), ...(await dueMirrorRows(db, now, MIRROR_BATCH))];
    // Another process holds the write lock: send nothing we could not mark; the next tick catches up.
    if (due.length === 0 || !(await canWriteNow(db))) return report;
    const rows = await collapse(deps, due, now, report);
    let handled = due.length - rows.length;
    const { halted } = await runLanes(rows, laneOf, deps.concurrency ?? DEFAULT_CONCURRENCY, async (row) => {
      try {
        const signal = await deliverOne(deps, row, now, report);
        if (signal === 'next') handled += 1;
        return signal;
      } catch (error) {
        if (isBusy(error)) {
          // Locked between send and mark: the row stays pending, in doubt, and is looked up on a later tick.
          log.warn({ outboxId: row.id }, 'database busy; delivery resumes on a later tick');
          return 'halt';
        }
        // A row that cannot even be rendered would fail every second: set it aside, loudly.
        await markFailed(db, row.id, error instanceof Error ? error.message : String(error));
        report.failed += 1;
        handled += 1;
        log.error(
          { outboxId: row.id, kind: row.kind, seriesId: row.seriesId, err: error },
          'post could not be prepared',
        );
        return 'next';
      }
    });
    // Another batch only when this one was handled whole (lease still held, database not busy).
    if (halted || handled < due.length || due.length < BATCH + MIRROR_BATCH) return report;
  }
}

/** Applies a failed attempt's decision: retry later, or give up and tell the organisers. */
async function applyFailure(
  deps: DeliverDeps,
  row: OutboxRow,
  step: DeliveryStep,
  error: SendError,
  now: number,
  report: DeliveryReport,
  what: 'post',
): Promise<LaneSignal> {
  const { db, log } = deps;
  const attempts = row.attempts + 1;
  if (step.step === 'retry') {
    await markRetry(db, row.id, step.at, error.message, step.inDoubt);
    report.retried += 1;
    log.warn(
      { outboxId: row.id, kind: row.kind, attempts, inDoubt: step.inDoubt, err: error.message },
      `${what} failed, will retry`,
    );
    // The next rows go on: holding them back would not keep them behind this one, which waits seconds.
    return 'next';
  }
  await inTransaction(db, async (tx) => {
    await markFailed(tx, row.id, error.message);
    if (row.kind !== 'alert:failed') {
      const series = await getSeries(tx, row.seriesId);
      if (series) {
        await enqueue(
          tx,
          {
            seriesId: series.id,
            meetingId: row.meetingId,
            ...encodePost('alert:failed', {
              kind: row.kind,
              attempts,
              error: error.message.slice(0, 300),
              dueAt: row.dueAt,
            }),
            target: `outbox:${row.id}`,
            channelId: series.channelId,
            dueAt: now,
          },
          now,
        );
      }
    }
  });
  report.failed += 1;
  log.error(
    {
      outboxId: row.id,
      kind: row.kind,
      seriesId: row.seriesId,
      channelId: row.channelId,
      attempts,
      err: error.message,
    },
    `${what} failed for good`,
  );
  return 'next';
}

async function deliverOne(
  deps: DeliverDeps,
  row: OutboxRow,
  now: number,
  report: DeliveryReport,
): Promise<LaneSignal> {
  const { db, poster, log } = deps;
  const lease = deps.lease ?? SOLE;
  const loaded = await load(db, row);
  if (!loaded) {
    await markDone(db, row.id, 'cancelled', 'series gone');
    return 'next';
  }
  const why = reasonNotToSend(row, loaded, now);
  if (why) {
    await markDone(db, row.id, why[0], why[1]);
    if (why[0] === 'stale') {
      report.stale += 1;
      log.warn(
        {
          outboxId: row.id,
          kind: row.kind,
          seriesId: row.seriesId,
          meetingId: row.meetingId,
          dueAt: row.dueAt,
        },
        `post stale: ${why[1]}`,
      );
    } else report.skipped += 1;
    return 'next';
  }
  if (row.kind === 'event:sync') {
    if (!lease.isValid()) return 'halt';
    await mirrorEvent(deps, row, loaded.view, now, report);
    return 'next';
  }
  const { series, view, next } = loaded;
  const dm = await prepareDm(db, row, view);
  if (dm && 'skip' in dm) {
    await markDone(db, row.id, 'skipped', dm.skip);
    report.skipped += 1;
    return 'next';
  }
  const payload =
    dm?.payload ??
    renderPost({
      kind: row.kind,
      series,
      meeting: view,
      next,
      data: row.data,
      organiserRoleId: await organiserRoleOf(db, series.guildId),
    });
  const digest = messageDigest(payload);
  const context = { outboxId: row.id, kind: row.kind, seriesId: series.id, meetingId: row.meetingId };
  const posted = async (messageId: string, found: boolean): Promise<LaneSignal> => {
    await markSent(db, row.id, messageId, now);
    report.sent += 1;
    if (found) report.found += 1;
    log.info(
      { ...context, messageId, lateMs: now - row.dueAt },
      found ? 'in-doubt post found in Discord; marked sent, not sent again' : 'posted',
    );
    return 'next';
  };

  if (nextDeliveryStep({ attempts: row.attempts, inDoubt: row.inDoubt, now }).step === 'lookup') {
    if (!lease.isValid()) return 'halt';
    try {
      const found = await poster.find({
        channelId: row.channelId,
        attemptAt: row.attemptAt ?? row.createdAt,
        digest: row.attemptDigest ?? digest,
        isTaken: (id) => isClaimedMessage(db, id),
      });
      if (found) return await posted(found.messageId, true);
      await clearDoubt(db, row.id);
      log.info(context, 'in-doubt post not in Discord; sending it');
    } catch (raw) {
      const error = describe(raw);
      const step = nextDeliveryStep({
        attempts: row.attempts,
        inDoubt: true,
        now,
        after: { tried: 'lookup', outcome: outcomeOf(error) },
      });
      return applyFailure(deps, row, step, error, now, report, 'post');
    }
  }

  if (!lease.isValid()) return 'halt';
  await markAttempt(db, row.id, now, digest);
  const post: Post = {
    channelId: row.channelId,
    nonce: String(row.id),
    payload,
    meta: {
      outboxId: row.id,
      kind: row.kind,
      seriesId: series.id,
      meetingId: row.meetingId,
      dueAt: row.dueAt,
      timeZone: series.timeZone,
      language: series.language,
    },
  };
  try {
    const { messageId } = await poster.send(post);
    return await posted(messageId, false);
  } catch (raw) {
    const error = describe(raw);
    if (await settleDmRefusal(db, log, row, series.guildId, error, now)) {
      report.skipped += 1;
      return 'next';
    }
    const step = nextDeliveryStep({
      attempts: row.attempts,
      inDoubt: false,
      now,
      after: { tried: 'send', outcome: outcomeOf(error) },
    });
    return applyFailure(deps, row, step, error, now, report, 'post');
  }
}
