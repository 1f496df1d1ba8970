/**
 * Messages that outlive their buttons: a swap request once it is answered,
 * expired or withdrawn; a call for a volunteer once its meeting has no open
 * slot. The action that changed things asks for an edit (a `message_edits`
 * row, in its own transaction); this pass applies the due edits after the
 * posts of the same tick. Each edit renders the message from the database as
 * it is now, so it is idempotent and a retry shows the latest state. A failed
 * edit is retried with backoff and, after the last try, logged; it never
 * holds up a post or undoes the change.
 */
import { meetingView } from '../app/views.ts';
import { swapIdOf } from '../domain/post-data.ts';
import { maxAttempts, retryDelay } from '../domain/reminders.ts';
import type { Logger } from '../log.ts';
import type { MessageEditor } from '../poster/message-editor.ts';
import { SendError } from '../poster/poster.ts';
import type { MessagePayload } from '../render/payload.ts';
import { renderPost } from '../render/posts.ts';
import { renderSwapAnswer } from '../render/swap-request.ts';
import { canWriteNow, type Db, isBusy } from '../store/db.ts';
import { getMeeting } from '../store/meetings.ts';
import {
  dueEdits,
  type MessageEdit,
  markEditDone,
  markEditFailed,
  markEditRetry,
} from '../store/message-edits.ts';
import { getOutbox, type OutboxRow } from '../store/outbox.ts';
import { getSeries } from '../store/series.ts';
import { organiserRoleOf } from '../store/settings.ts';
import { getSwap } from '../store/swaps.ts';

export interface EditDeps {
  db: Db;
  editor: MessageEditor;
  log: Logger;
}

export interface EditReport {
  edited: number;
  skipped: number;
  retried: number;
  failed: number;
}

const BATCH = 50;
/** How soon an edit whose post is still on its way looks again. */
const WAIT_FOR_POST_MS = 5_000;

/** The message of an outbox post as it should look now, or null when there is nothing to show. */
export async function currentMessage(db: Db, row: OutboxRow): Promise<MessagePayload | null> {
  const series = await getSeries(db, row.seriesId);
  if (!series) return null;
  // The stored data is decoded by the renderer (domain/notices.ts, domain/post-data.ts).
  const data = row.data ?? null;
  if (row.kind === 'swap:request') {
    const swapId = swapIdOf(data);
    const request = swapId === null ? undefined : await getSwap(db, swapId);
    if (!request) return null;
    return request.status === 'pending'
      ? renderPost({ kind: row.kind, series, meeting: null, next: null, data, organiserRoleId: null })
      : renderSwapAnswer(request, series);
  }
  const meeting = row.meetingId === null ? undefined : await getMeeting(db, row.meetingId);
  return renderPost({
    kind: row.kind,
    series,
    meeting: meeting ? await meetingView(db, series, meeting) : null,
    next: null,
    data,
    organiserRoleId: await organiserRoleOf(db, series.guildId),
  });
}

function asSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  return new SendError(error instanceof Error ? error.message : String(error), true);
}

/** Applies the edits due by `now`, earliest first. */
export async function editDue(deps: EditDeps, now: number): Promise<EditReport> {
  const { db, log } = deps;
  const report: EditReport = { edited: 0, skipped: 0, retried: 0, failed: 0 };
  const due = await dueEdits(db, now, BATCH);
  if (due.length === 0 || !(await canWriteNow(db))) return report;
  for (const edit of due) {
    try {
      await editOne(deps, edit, now, report);
    } catch (error) {
      if (isBusy(error)) {
        log.warn({ editId: edit.id }, 'database busy; message edits resume on a later tick');
        break;
      }
      // An edit that cannot even be rendered would fail every second: set it aside, loudly.
      await markEditFailed(db, edit.id, error instanceof Error ? error.message : String(error), now);
      report.failed += 1;
      log.error(
        { editId: edit.id, outboxId: edit.outboxId, err: error },
        'message edit could not be prepared',
      );
    }
  }
  return report;
}

async function editOne(deps: EditDeps, edit: MessageEdit, now: number, report: EditReport): Promise<void> {
  const { db, editor, log } = deps;
  const row = await getOutbox(db, edit.outboxId);
  if (row?.state === 'pending') {
    // The post itself is not out yet (it will show the current state when it is); look again after it.
    await markEditRetry(
      db,
      edit.id,
      Math.max(row.nextAttemptAt, now) + WAIT_FOR_POST_MS,
      'post not sent yet',
      false,
    );
    report.retried += 1;
    return;
  }
  if (row?.state !== 'sent' || !row.messageId) {
    await markEditDone(db, edit.id, 'skipped', row ? `post ${row.state}` : 'post gone', now);
    report.skipped += 1;
    return;
  }
  const payload = await currentMessage(db, row);
  if (payload === null) {
    await markEditDone(db, edit.id, 'skipped', 'nothing to show', now);
    report.skipped += 1;
    return;
  }
  const context = { editId: edit.id, outboxId: row.id, kind: row.kind, seriesId: row.seriesId };
  try {
    await editor.edit(row.channelId, row.messageId, payload);
    await markEditDone(db, edit.id, 'done', null, now);
    report.edited += 1;
    log.info(context, 'message edited');
  } catch (raw) {
    const error = asSendError(raw);
    const attempts = edit.attempts + 1;
    if (attempts >= maxAttempts(error.transient)) {
      await markEditFailed(db, edit.id, error.message, now);
      report.failed += 1;
      log.error({ ...context, attempts, err: error.message }, 'message edit failed for good');
    } else {
      await markEditRetry(db, edit.id, now + retryDelay(attempts, error.retryAfterMs), error.message, true);
      report.retried += 1;
      log.warn({ ...context, attempts, err: error.message }, 'message edit failed, will retry');
    }
  }
}
