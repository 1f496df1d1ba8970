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
export async function myTalks(ctx: Ctx): Promise<MyTalksView> {
  const talks: MyTalk[] = [];
  for (const series of await activeSeriesOfGuild(ctx.db, ctx.actor.guildId)) {
    for (const slot of await upcomingSlotsOfUser(ctx.db, series.id, ctx.actor.userId, ctx.now)) {
      talks.push({
        series,
        startsAt: slot.startsAt,
        date: localDateOf(slot.startsAt, series.timeZone),
        title: slot.title,
        pinned: slot.pinned,
      });
    }
  }
  const away: MyTalksView['away'] = [];
  for (const series of await activeSeriesOfGuild(ctx.db, ctx.actor.guildId)) {
    const today = localDateOf(ctx.now, series.timeZone);
    for (const p of await awayOfMember(ctx.db, series.id, ctx.actor.userId, today)) {
      away.push({ series, fromDate: p.fromDate, untilDate: p.untilDate });
    }
  }
  const feed = await offeredMemberFeed(ctx);
  return {
    talks: talks.sort((a, b) => a.startsAt - b.startsAt),
    away,
    ...(feed ? { feedUrl: feed.feedUrl } : {}),
  };
}
