import type { Series } from '../domain/model.ts';
import { saveShareSecret, shareSecretOf } from '../store/shares.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { absolute, newSecret, PATHS, requirePublicUrl, webcal } from './shareUrls.ts';

export interface SharedSeries {
  series: Series;
  pageUrl: string;
  feedUrl: string;
  /** The same feed as `webcal:`, which calendar apps open as a subscription. */
  subscribeUrl: string;
  /** A new secret was made: the old URLs no longer work. */
  reset: boolean;
}

/**
 * `/meeting share [reset]` (organisers): the season page and calendar feed
 * URLs of the channel's series. The secret is made on first use; `reset`
 * replaces it, and the old URLs stop working at once.
 */
export async function shareSeries(ctx: Ctx, input: { reset?: boolean }): Promise<SharedSeries> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const base = await requirePublicUrl(ctx.db);
  return transact(ctx, async (tx) => {
    let secret = await shareSecretOf(tx.db, series.id);
    const reset = input.reset === true && secret !== null;
    if (secret === null || reset) {
      secret = newSecret();
      await saveShareSecret(tx.db, series.id, secret, tx.now);
      // The secret itself stays out of the audit log: it is what grants access.
      await recordChange(tx, series, {
        action: reset ? 'share.reset' : 'share.create',
        before: null,
        after: { seriesId: series.id },
        replan: false,
      });
    }
    const feedUrl = absolute(base, PATHS.seriesFeed(secret));
    return {
      series,
      pageUrl: absolute(base, PATHS.seasonPage(secret)),
      feedUrl,
      subscribeUrl: webcal(feedUrl),
      reset,
    };
  });
}
