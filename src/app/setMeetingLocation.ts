import type { Series } from '../domain/model.ts';
import { parseLocation } from '../domain/user-input.ts';
import { getSeries, setSeriesLink } from '../store/series.ts';
import { audit, type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { planSeries } from './planSeries.ts';
import { touchUpcoming } from './touchUpcoming.ts';

/** `/meeting link`: sets the meeting location (a link, or a meeting number as organisers write it) shown in agendas. */
export function setMeetingLocation(ctx: Ctx, input: { location: string }): Series {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  const link = parseLocation(input.location);
  return transact(ctx, () => {
    setSeriesLink(ctx.db, series.id, link);
    audit(ctx, series, 'series.link', { link: series.link }, { link });
    const updated = getSeries(ctx.db, series.id)!;
    if (series.link !== link) {
      // The scheduled events and calendar entries show the location: they follow.
      touchUpcoming(ctx, updated);
      planSeries(ctx.db, updated, ctx.now);
    }
    return updated;
  });
}
