import type { Series } from '../domain/model.ts';
import { parseLink } from '../domain/user-input.ts';
import { getSeries, setSeriesLink } from '../store/series.ts';
import { audit, type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';

/** `/meeting link`: sets the link or number shown in agendas. */
export function setMeetingLink(ctx: Ctx, input: { url: string }): Series {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  const link = parseLink(input.url);
  return transact(ctx, () => {
    setSeriesLink(ctx.db, series.id, link);
    audit(ctx, series, 'series.link', { link: series.link }, { link });
    return getSeries(ctx.db, series.id)!;
  });
}
