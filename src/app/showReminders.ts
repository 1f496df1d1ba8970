import type { Series } from '../domain/model.ts';
import { type Ctx, requireOrganiser, requireSeries } from './context.ts';

/** `/meeting reminders` with nothing to change: the settings as they are (organisers only, like changing them). */
export async function showReminders(ctx: Ctx): Promise<Series> {
  await requireOrganiser(ctx);
  return requireSeries(ctx);
}
