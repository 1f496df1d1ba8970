import type { Series } from '../domain/model.ts';
import { parseLocation } from '../domain/user-input.ts';
import { getSeries, setSeriesLink } from '../store/series.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { touchUpcoming } from './touchUpcoming.ts';

/** `/meeting link`: sets the meeting location (a link, or a meeting number as organisers write it) shown in agendas. */
export async function setMeetingLocation(ctx: Ctx, input: { location: string }): Promise<Series> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const link = parseLocation(input.location);
  return transact(ctx, async (tx) => {
    await setSeriesLink(tx.db, series.id, link);
    const updated = (await getSeries(tx.db, series.id))!;
    // The scheduled events and calendar entries show the location: they follow.
    if (series.link !== link) await touchUpcoming(tx, updated);
    await recordChange(tx, updated, {
      action: 'series.link',
      before: { link: series.link },
      after: { link },
      replan: series.link !== link,
    });
    return updated;
  });
}
