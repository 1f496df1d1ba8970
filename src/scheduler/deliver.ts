import type { MeetingView } from '../app/views.ts';
import { meetingView } from '../app/views.ts';
import { isCancelled, type Series } from '../domain/model.ts';
import { maxAttempts, meetingEnd, retryDelay, usefulUntil } from '../domain/reminders.ts';
import type { Logger } from '../log.ts';
import type { EventMirrorPort } from '../poster/event-mirror.ts';
import { type Post, type Poster, SendError } from '../poster/poster.ts';
import { renderPost } from '../render/posts.ts';
import { canWriteNow, type Db, inTransaction, isBusy } from '../store/db.ts';
import { getMeeting, meetingsAfter } from '../store/meetings.ts';
import {
  dueMirrorRows,
  dueRows,
  enqueue,
  markDone,
  markFailed,
  markRetry,
  markSent,
  type OutboxRow,
} from '../store/outbox.ts';
import { getSeries } from '../store/series.ts';
import { organiserRoleOf } from '../store/settings.ts';
import { MIRROR_BATCH, mirrorEvent } from './deliver-mirror.ts';
import { prepareDm, settleDmRefusal } from './dm-delivery.ts';

export interface DeliverDeps {
  db: Db;
  poster: Poster;
  log: Logger;
  /** Discord scheduled events; without it (demo, console) event rows are set aside. */
  events?: EventMirrorPort;
}

export interface DeliveryReport {
  sent: number;
  stale: number;
  skipped: number;
  retried: number;
  failed: number;
}

/** Rows taken per tick; the rest wait for the next second. */
const BATCH = 100;

const REMINDER = new Set(['title_request', 'title_nudge', 'agenda', 'follow_up']);

function nextHeld(db: Db, series: Series, after: number): MeetingView | null {
  const next = meetingsAfter(db, series.id, after).find((m) => !isCancelled(m));
  return next ? meetingView(db, series, next) : null;
}

/** What a row needs to be rendered: the series, its meeting, and the meeting after. */
function load(db: Db, row: OutboxRow) {
  const series = getSeries(db, row.seriesId);
  if (!series) return null;
  const meeting = row.meetingId === null ? undefined : getMeeting(db, row.meetingId);
  const view = meeting ? meetingView(db, series, meeting) : null;
  const next = nextHeld(db, series, meeting?.startsAt ?? row.dueAt);
  return { series, view, next };
}

/** Why a due row should not be sent now, or null to send it. */
function reasonNotToSend(
  row: OutboxRow,
  loaded: NonNullable<ReturnType<typeof load>>,
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

/**
 * Sends every outbox row due by `now`, in due order: the one indexed query of
 * the per-second heartbeat. Each row is rendered from the database as it is
 * now, sent with its id as nonce, then marked; a failure is retried with
 * backoff, and after too many the organisers are told.
 */
export async function deliverDue(deps: DeliverDeps, now: number): Promise<DeliveryReport> {
  const { db, log } = deps;
  const report: DeliveryReport = { sent: 0, stale: 0, skipped: 0, retried: 0, failed: 0 };
  // Every due post first; then a few scheduled-event rows, in their own lane.
  const due = [...dueRows(db, now, BATCH), ...dueMirrorRows(db, now, MIRROR_BATCH)];
  // Another process holds the write lock: send nothing we could not mark; the next tick catches up.
  if (due.length === 0 || !canWriteNow(db)) return report;
  for (const row of due) {
    try {
      await deliverOne(deps, row, now, report);
    } catch (error) {
      if (isBusy(error)) {
        // Locked between send and mark: the row stays pending and goes again with the same nonce.
        log.warn({ outboxId: row.id }, 'database busy; delivery resumes on a later tick');
        break;
      }
      // A row that cannot even be rendered would fail every second: set it aside, loudly.
      markFailed(db, row.id, error instanceof Error ? error.message : String(error));
      report.failed += 1;
      log.error(
        { outboxId: row.id, kind: row.kind, seriesId: row.seriesId, err: error },
        'post could not be prepared',
      );
    }
  }
  return report;
}

async function deliverOne(
  deps: DeliverDeps,
  row: OutboxRow,
  now: number,
  report: DeliveryReport,
): Promise<void> {
  const { db, poster, log } = deps;
  const loaded = load(db, row);
  if (!loaded) {
    markDone(db, row.id, 'cancelled', 'series gone');
    return;
  }
  const why = reasonNotToSend(row, loaded, now);
  if (why) {
    markDone(db, row.id, why[0], why[1]);
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
    return;
  }
  if (row.kind === 'event:sync') {
    await mirrorEvent(deps, row, loaded.view, now, report);
    return;
  }
  const { series, view, next } = loaded;
  const dm = prepareDm(db, row, view);
  if (dm && 'skip' in dm) {
    markDone(db, row.id, 'skipped', dm.skip);
    report.skipped += 1;
    return;
  }
  const failure =
    row.kind === 'alert:failed'
      ? (row.data as { kind: string; attempts: number; error: string; dueAt: number })
      : undefined;
  const payload =
    dm?.payload ??
    renderPost({
      kind: row.kind,
      series,
      meeting: view,
      next,
      data: (row.data as Record<string, unknown> | null) ?? null,
      organiserRoleId: organiserRoleOf(db, series.guildId),
      ...(failure ? { failure } : {}),
    });
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
    markSent(db, row.id, messageId, now);
    report.sent += 1;
    log.info(
      {
        outboxId: row.id,
        kind: row.kind,
        seriesId: series.id,
        meetingId: row.meetingId,
        lateMs: now - row.dueAt,
      },
      'posted',
    );
  } catch (raw) {
    const error = describe(raw);
    if (settleDmRefusal(db, log, row, series.guildId, error, now)) {
      report.skipped += 1;
      return;
    }
    const attempts = row.attempts + 1;
    if (attempts >= maxAttempts(error.transient)) {
      inTransaction(db, () => {
        markFailed(db, row.id, error.message);
        if (row.kind !== 'alert:failed') {
          enqueue(
            db,
            {
              seriesId: series.id,
              meetingId: row.meetingId,
              kind: 'alert:failed',
              target: `outbox:${row.id}`,
              channelId: series.channelId,
              dueAt: now,
              data: { kind: row.kind, attempts, error: error.message.slice(0, 300), dueAt: row.dueAt },
            },
            now,
          );
        }
      });
      report.failed += 1;
      log.error(
        {
          outboxId: row.id,
          kind: row.kind,
          seriesId: series.id,
          channelId: row.channelId,
          attempts,
          err: error.message,
        },
        'post failed for good',
      );
    } else {
      markRetry(db, row.id, now + retryDelay(attempts, error.retryAfterMs), error.message);
      report.retried += 1;
      log.warn({ outboxId: row.id, kind: row.kind, attempts, err: error.message }, 'post failed, will retry');
    }
  }
}
