import { isCancelled, type Series } from '../domain/model.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { getSeriesByChannel } from '../store/series.ts';
import { type Ctx, isOrganiser } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

export interface HelpView {
  /** Whether the reader is an organiser: organiser commands are shown only to them. */
  organiser: boolean;
  channelId: string;
  /** The series of this channel, if any. */
  series: Series | null;
  /** Its next meeting that is held, if planned. */
  next: MeetingView | null;
}

/** `/help`: what Podium does in this channel, for this reader. Reads only. */
export async function helpView(ctx: Ctx): Promise<HelpView> {
  const found = await getSeriesByChannel(ctx.db, ctx.actor.channelId);
  const series = found && found.guildId === ctx.actor.guildId && found.active ? found : null;
  const next = series
    ? (await meetingsAfter(ctx.db, series.id, ctx.now)).find((m) => !isCancelled(m))
    : undefined;
  return {
    organiser: await isOrganiser(ctx.db, ctx.actor),
    channelId: ctx.actor.channelId,
    series,
    next: series && next ? await meetingView(ctx.db, series, next) : null,
  };
}
