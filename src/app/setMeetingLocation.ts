import type { Series } from '../domain/model.ts';
import { parseLocation } from '../domain/user-input.ts';
import { getSeries, setSeriesLink } from '../store/series.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { touchUpcoming } from './touchUpcoming.ts';

/** `/meeting link`: sets the meeting location (a link, or a meeting number as organisers write it) shown in agendas. */
export function setMeetingLocation(ctx: Ctx, input: { location: string }): Series {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  const link = parseLocation(input.location);
  return transact(ctx, () => {
    setSeriesLink(ctx.db, series.id, link);
    const updated = getSeries(ctx.db, series.id)!;
    // The scheduled events and calendar entries show the location: they follow.
    if (series.link !== link) touchUpcoming(ctx, updated);
    recordChange(ctx, updated, {
      action: 'series.link',
      before: { link: series.link },
      after: { link },
      replan: series.link !== link,
    });
    return updated;
  });
}
