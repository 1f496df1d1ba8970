import { UserError } from '../domain/errors.ts';
import { isCancelled, type Meeting, type Series, type Slot } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { requestReleaseNoticeEdits } from '../store/message-edits.ts';
import { fillOpenSlot, getSlot, slotsOfMeeting } from '../store/slots.ts';
import { type Ctx, requireSeries, resolveMeeting, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { requireActiveMember } from './roster.ts';
import type { Target } from './target.ts';
import { type MeetingView, meetingView } from './views.ts';

/**
 * `/slot claim` (and the Claim button): a roster member takes an open slot of
 * the given meeting, or of the next meeting that has one. Two members racing
 * for one slot: the transaction's lock (SQLite's write lock, PostgreSQL's guild
 * lock) orders them, and the second is told it is taken.
 */
export async function claimSlot(ctx: Ctx, input: { meeting?: string }): Promise<MeetingView> {
  const series = await requireSeries(ctx);
  await requireActiveMember(ctx.db, series, ctx.actor.userId);
  return transact(ctx, async (tx) => {
    const meeting =
      input.meeting !== undefined
        ? await resolveMeeting(tx, series, input.meeting, { upcoming: true, held: true })
        : await nextOpenMeeting(tx, series);
    if (!meeting) throw new UserError('error.claim.noneOpen');
    return claimOpenSlot(tx, { series, meeting });
  });
}

/** The next held meeting of the series that has an open slot, if any. */
async function nextOpenMeeting(ctx: Ctx, series: Series): Promise<Meeting | undefined> {
  for (const m of await meetingsAfter(ctx.db, series.id, ctx.now)) {
    if (!isCancelled(m) && (await slotsOfMeeting(ctx.db, m.id)).some((s) => s.userId === null)) return m;
  }
  return undefined;
}

/** Takes an open slot of the target meeting for the actor; inside the action's transaction. */
export async function claimOpenSlot(ctx: Ctx, { series, meeting }: Target): Promise<MeetingView> {
  const date = localDateOf(meeting.startsAt, series.timeZone);
  const slots = await slotsOfMeeting(ctx.db, meeting.id);
  if (slots.some((s) => s.userId === ctx.actor.userId)) throw new UserError('error.claim.already', { date });
  const open = slots.find((s) => s.userId === null);
  if (!open || !(await fillOpenSlot(ctx.db, open.id, ctx.actor.userId, 'claim')))
    throw new UserError('error.claim.taken', { date });
  const after = (await getSlot(ctx.db, open.id)) as Slot;
  await recordChange(ctx, series, {
    action: 'slot.claim',
    before: open,
    after,
    notices: [
      { meetingId: meeting.id, notice: { kind: 'claim', at: meeting.startsAt, user: ctx.actor.userId } },
    ],
  });
  // The calls for a volunteer of this meeting lose their Claim button once no slot is open.
  await requestReleaseNoticeEdits(ctx.db, meeting.id, ctx.now);
  return meetingView(ctx.db, series, meeting);
}
