import type { Series } from '../domain/model.ts';
import { audit, type Ctx } from './context.ts';
import { notify, type QueuedNotice } from './notify.ts';
import { planSeries } from './planSeries.ts';

/** What an action changed, as the audit log, the channel and the plan need it. */
export interface Change {
  /** The audit action, e.g. `meeting.postpone`. */
  action: string;
  before: unknown;
  after: unknown;
  /** Notices for the series channel; each is keyed by this change's audit row unless it names its own key. */
  notices?: readonly QueuedNotice[];
  /**
   * Which series to plan again afterwards: by default the target series (when
   * there is one); `false` for none; or the series listed (a guild-wide change).
   */
  replan?: boolean | readonly Series[];
}

/**
 * The tail of every action that changes something, said once: the audit row,
 * then the change's notices, then the planning pass (docs/rules.md#changes-and-bad-input).
 * Runs inside the action's transaction: `ctx` is the transaction's (`transact`'s `tx`).
 * Returns the audit row's id.
 */
export async function recordChange(ctx: Ctx, series: Series | null, change: Change): Promise<number> {
  const auditId = await audit(ctx, series, change.action, change.before, change.after);
  if (change.notices !== undefined && change.notices.length > 0) {
    if (series === null) throw new Error('recordChange: a notice needs its series');
    for (const n of change.notices) await notify(ctx.db, series, { ...n, auditId }, ctx.now);
  }
  const replan = change.replan ?? true;
  const again = replan === true ? (series === null ? [] : [series]) : replan === false ? [] : replan;
  for (const s of again) await planSeries(ctx.db, s, ctx.now);
  return auditId;
}
