import type { Series } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { awayOfMember } from '../store/away.ts';
import { activeSeriesOfGuild } from '../store/series.ts';
import { upcomingSlotsOfUser } from '../store/slots.ts';
import type { Ctx } from './context.ts';
import { offeredMemberFeed } from './memberFeed.ts';

export interface MyTalk {
  series: Series;
  startsAt: number;
  /** Local date in the series timezone. */
  date: string;
  title: string | null;
  pinned: boolean;
}

export interface MyTalksView {
  talks: MyTalk[];
  /** Current and coming away periods, in every series of the guild. */
  away: { series: Series; fromDate: string; untilDate: string }[];
  /** The member's personal calendar feed, when the web server offers one. */
  feedUrl?: string;
}

/** `/me talks`: the member's upcoming talks across the series of this guild, earliest first. */
export function myTalks(ctx: Ctx): MyTalksView {
  const talks = activeSeriesOfGuild(ctx.db, ctx.actor.guildId).flatMap((series) =>
    upcomingSlotsOfUser(ctx.db, series.id, ctx.actor.userId, ctx.now).map((slot) => ({
      series,
      startsAt: slot.startsAt,
      date: localDateOf(slot.startsAt, series.timeZone),
      title: slot.title,
      pinned: slot.pinned,
    })),
  );
  const away = activeSeriesOfGuild(ctx.db, ctx.actor.guildId).flatMap((series) =>
    awayOfMember(ctx.db, series.id, ctx.actor.userId, localDateOf(ctx.now, series.timeZone)).map((p) => ({
      series,
      fromDate: p.fromDate,
      untilDate: p.untilDate,
    })),
  );
  const feed = offeredMemberFeed(ctx);
  return {
    talks: talks.sort((a, b) => a.startsAt - b.startsAt),
    away,
    ...(feed ? { feedUrl: feed.feedUrl } : {}),
  };
}
