import { UserError } from '../domain/errors.ts';
import type { Series } from '../domain/model.ts';
import { type AuditEntry, latestAudit } from '../store/audit.ts';
import { type Ctx, requireOrganiser, requireSeries } from './context.ts';

/** `/meeting history`: the latest audit entries of the channel's series: who changed what, when. Organisers. */
export async function listHistory(
  ctx: Ctx,
  input: { count?: number },
): Promise<{ series: Series; entries: AuditEntry[] }> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const count = input.count ?? 10;
  if (!Number.isInteger(count) || count < 1 || count > 25)
    throw new UserError('error.count', { min: 1, max: 25 });
  return { series, entries: await latestAudit(ctx.db, series.id, count) };
}
