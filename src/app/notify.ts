import type { Series } from '../domain/model.ts';
import { encodeNotice, type Notice } from '../domain/notices.ts';
import type { Db } from '../store/db.ts';
import { enqueue } from '../store/outbox.ts';

/** A change notice as an action states it (see `recordChange`): what it says, and about which meeting. */
export interface QueuedNotice {
  notice: Notice;
  meetingId: number | null;
  /** The outbox key; by default the audit row of the change. */
  key?: string;
  dueAt?: number;
}

/**
 * Queues a change notice for the series channel, due at once unless `dueAt`
 * says later. Keyed by the audit row of the change (or an explicit key), so a
 * change yields exactly one notice.
 */
export async function notify(
  db: Db,
  series: Series,
  n: QueuedNotice & { auditId?: number },
  now: number,
): Promise<void> {
  const { kind, data } = encodeNotice(n.notice);
  await enqueue(
    db,
    {
      seriesId: series.id,
      meetingId: n.meetingId,
      kind,
      target: n.key ?? `audit:${n.auditId}`,
      channelId: series.channelId,
      dueAt: n.dueAt ?? now,
      data,
    },
    now,
  );
}
