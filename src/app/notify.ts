import type { Series } from '../domain/model.ts';
import type { NoticeType } from '../domain/reminders.ts';
import type { Db } from '../store/db.ts';
import { enqueue } from '../store/outbox.ts';

/**
 * Queues a change notice for the series channel, due at once unless `dueAt`
 * says later. Keyed by the audit row of the change (or an explicit key), so a
 * change yields exactly one notice.
 */
export function notify(
  db: Db,
  series: Series,
  n: {
    type: NoticeType;
    meetingId: number | null;
    auditId?: number;
    key?: string;
    dueAt?: number;
    data: Record<string, unknown>;
  },
  now: number,
): void {
  enqueue(
    db,
    {
      seriesId: series.id,
      meetingId: n.meetingId,
      kind: `notice:${n.type}`,
      target: n.key ?? `audit:${n.auditId}`,
      channelId: series.channelId,
      dueAt: n.dueAt ?? now,
      data: n.data,
    },
    now,
  );
}
