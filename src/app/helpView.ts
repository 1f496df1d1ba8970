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
export function helpView(ctx: Ctx): HelpView {
  const found = getSeriesByChannel(ctx.db, ctx.actor.channelId);
  const series = found && found.guildId === ctx.actor.guildId && found.active ? found : null;
  const next = series ? meetingsAfter(ctx.db, series.id, ctx.now).find((m) => !isCancelled(m)) : undefined;
  return {
    organiser: isOrganiser(ctx.db, ctx.actor),
    channelId: ctx.actor.channelId,
    series,
    next: series && next ? meetingView(ctx.db, series, next) : null,
  };
}
