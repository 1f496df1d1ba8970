import type { Series } from '../domain/model.ts';
import type { NoticeType } from '../domain/reminders.ts';
import type { Db } from '../store/db.ts';
import { enqueue } from '../store/outbox.ts';

/** A change notice as an action states it (see `recordChange`). */
export interface Notice {
  type: NoticeType;
  meetingId: number | null;
  /** The outbox key; by default the audit row of the change. */
  key?: string;
  dueAt?: number;
  data: Record<string, unknown>;
}

/**
 * Queues a change notice for the series channel, due at once unless `dueAt`
 * says later. Keyed by the audit row of the change (or an explicit key), so a
 * change yields exactly one notice.
 */
export function notify(db: Db, series: Series, n: Notice & { auditId?: number }, now: number): void {
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
