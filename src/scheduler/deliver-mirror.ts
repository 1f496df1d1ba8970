import { selectedMirrors } from '../app/syncEventMirrors.ts';
import type { MeetingView } from '../app/views.ts';
import { nextDeliveryStep } from '../domain/delivery-step.ts';
import { DEFAULT_MIRRORED_MEETINGS, mirrorAction, PODIUM_EVENT_BUDGET } from '../domain/event-window.ts';
import { isCancelled } from '../domain/model.ts';
import { encodePost } from '../domain/post-data.ts';
import type { Logger } from '../log.ts';
import { type EventMirrorPort, toMirrorError } from '../poster/event-mirror.ts';
import { eventDigest } from '../poster/message-digest.ts';
import { outcomeOf } from '../poster/poster.ts';
import { renderEvent } from '../render/event.ts';
import { type Db, inTransaction } from '../store/db.ts';
import {
  deleteEventMirror,
  getEventMirror,
  isMirroredElsewhere,
  liveMirrorCount,
  markMirrorFailing,
  markMirrorWorking,
  saveEventMirror,
} from '../store/event-mirrors.ts';
import {
  clearDoubt,
  deferRow,
  enqueue,
  markAttempt,
  markDone,
  markRetry,
  markSentIfUnchanged,
  type OutboxRow,
} from '../store/outbox.ts';

/** Scheduled-event rows taken per heartbeat, after every due post. */
export const MIRROR_BATCH = 5;
/** A mirror that fails for good is tried again this much later, quietly. */
export const MIRROR_RECHECK_MS = 6 * 3_600_000;
/** The guild is at Discord's cap: Podium gives way and looks again this much later. */
export const MIRROR_CAP_WAIT_MS = 3_600_000;
/** Podium's own budget in the guild is used up: wait for the events it is giving back. */
export const MIRROR_BUDGET_WAIT_MS = 60_000;

export interface MirrorDeps {
  db: Db;
  log: Logger;
  events?: EventMirrorPort;
}

export interface MirrorReport {
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
}

/**
 * Brings a meeting's scheduled event in line with the plan, deciding from the
 * database as it is now: created or updated while the meeting is among the
 * guild's mirrored ones, cancelled when it is skipped or paused, deleted when
 * it leaves the selection (mirror turned down or off). A create never takes
 * Podium past its budget in the guild; when Discord says the guild is at its
 * cap anyway, the mirror gives way and looks again later. A mirror that fails
 * for good is reported in the channel once, and tried again every few hours
 * until it works; the reminders carry on regardless. A create whose outcome
 * is unknown (a time-out, a 5xx, a crash during it) is looked up among the
 * guild's events before it is made again.
 */
export async function mirrorEvent(
  deps: MirrorDeps,
  row: OutboxRow,
  view: MeetingView | null,
  now: number,
  report: MirrorReport,
): Promise<void> {
  const { db, events, log } = deps;
  if (!events || !view) {
    await markDone(db, row.id, 'skipped', events ? 'meeting gone' : 'no event mirror');
    report.skipped += 1;
    return;
  }
  const { series, meeting } = view;
  const mirror = await getEventMirror(db, meeting.id);
  let live = mirror && !mirror.cancelled ? mirror : null;
  // Name and times do not depend on display names: the digest is the same whoever renders it.
  const digest = eventDigest(renderEvent(view, new Map()));
  // A create whose outcome is unknown may have made the event: look for it before anything else,
  // so that a create is not repeated, and a cancel or delete reaches the event that may exist.
  if (!live && nextDeliveryStep({ attempts: row.attempts, inDoubt: row.inDoubt, now }).step === 'lookup') {
    let found: string | null;
    try {
      found = await events.find(series.guildId, row.attemptDigest ?? digest, (id) =>
        isMirroredElsewhere(db, id, meeting.id),
      );
    } catch (raw) {
      await failed(deps, row, view, raw, now, report, 'lookup');
      return;
    }
    if (found) {
      log.info({ outboxId: row.id, meetingId: meeting.id, eventId: found }, 'in-doubt event found');
      // Which version it shows is not known: a selected meeting's event is brought in line.
      live = {
        meetingId: meeting.id,
        guildId: series.guildId,
        eventId: found,
        syncedVersion: -1,
        cancelled: false,
      };
    } else await clearDoubt(db, row.id);
  }
  const action = mirrorAction({
    selected: (await selectedMirrors(db, series.guildId, now)).some((c) => c.meetingId === meeting.id),
    cancelled: isCancelled(meeting),
    version: meeting.version,
    live,
  });
  if (action === 'none') {
    await markDone(db, row.id, 'skipped', 'scheduled event already in line');
    report.skipped += 1;
    return;
  }
  if (
    action === 'upsert' &&
    !live &&
    (await liveMirrorCount(db, series.guildId, now)) >= PODIUM_EVENT_BUDGET
  ) {
    await deferRow(db, row.id, now + MIRROR_BUDGET_WAIT_MS, 'waiting for room in the guild');
    report.retried += 1;
    log.info({ outboxId: row.id, guildId: series.guildId }, 'scheduled event waits for room in the guild');
    return;
  }
  let eventId = live?.eventId ?? 'event';
  try {
    if (action === 'upsert') {
      await markAttempt(db, row.id, now, digest);
      eventId = await events.upsert(view, live?.eventId ?? null);
    } else if (live && action === 'cancel') await events.cancel(series.guildId, live.eventId);
    else if (live && action === 'remove') await events.remove(series.guildId, live.eventId);
  } catch (raw) {
    await failed(deps, row, view, raw, now, report, 'send');
    return;
  }
  // (A locked database here goes up to the heartbeat, which leaves the row for a later tick.)
  const recovered = await inTransaction(db, async (tx) => {
    if (action === 'upsert') {
      await saveEventMirror(tx, {
        meetingId: meeting.id,
        guildId: series.guildId,
        eventId,
        syncedVersion: meeting.version,
        cancelled: false,
      });
    } else if (live && action === 'cancel') {
      await saveEventMirror(tx, { ...live, syncedVersion: meeting.version, cancelled: true });
    } else {
      await deleteEventMirror(tx, meeting.id);
    }
    // Planning may have asked for a newer version meanwhile (a postpone during the call): then
    // the row stays pending, and the next tick sends that version.
    if (!(await markSentIfUnchanged(tx, row, eventId, now))) await clearDoubt(tx, row.id);
    return markMirrorWorking(tx, series.id);
  });
  report.sent += 1;
  if (recovered) {
    log.info({ seriesId: series.id, guildId: series.guildId }, 'scheduled event mirror works again');
  }
}

/**
 * A mirror call failed: at Discord's cap the mirror gives way; otherwise it is
 * retried with backoff, and once it fails for good the channel is told (once
 * per episode) and it is tried again every few hours.
 */
async function failed(
  deps: MirrorDeps,
  row: OutboxRow,
  view: MeetingView,
  raw: unknown,
  now: number,
  report: MirrorReport,
  tried: 'lookup' | 'send',
): Promise<void> {
  const { db, log } = deps;
  const { series, meeting } = view;
  const error = toMirrorError(raw);
  const context = { outboxId: row.id, meetingId: meeting.id, guildId: series.guildId, err: error.message };
  if (error.reason === 'cap') {
    await deferRow(db, row.id, now + MIRROR_CAP_WAIT_MS, error.message);
    report.retried += 1;
    log.warn(context, 'guild is at Discord’s cap of scheduled events; the mirror gives way');
    return;
  }
  const attempts = row.attempts + 1;
  // The same decision as every delivery; a row "failed for good" is still retried, every few hours.
  const step = nextDeliveryStep({
    attempts: row.attempts,
    inDoubt: row.inDoubt,
    now,
    after: { tried, outcome: outcomeOf(error) },
  });
  const inDoubt = tried === 'lookup' ? row.inDoubt : error.mayHaveReached;
  if (step.step === 'retry') {
    await markRetry(db, row.id, step.at, error.message, step.inDoubt);
    report.retried += 1;
    log.warn({ ...context, attempts, inDoubt: step.inDoubt }, 'scheduled event mirror failed, will retry');
    return;
  }
  const episode = await inTransaction(db, async (tx) => {
    await markRetry(tx, row.id, now + MIRROR_RECHECK_MS, error.message, inDoubt);
    const n = await markMirrorFailing(tx, series.id, DEFAULT_MIRRORED_MEETINGS, now, error.message);
    if (n !== null) {
      await enqueue(
        tx,
        {
          seriesId: series.id,
          meetingId: null,
          target: `mirror:${n}`,
          channelId: series.channelId,
          dueAt: now,
          ...encodePost('alert:mirror', {
            error: error.message.slice(0, 300),
            permission: error.reason === 'permission',
          }),
        },
        now,
      );
    }
    return n;
  });
  report.failed += 1;
  log.error(
    { ...context, attempts, reported: episode !== null },
    'scheduled event mirror failed for good; tried again later',
  );
}
