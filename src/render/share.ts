/** The reply that hands out the season on the web: `/meeting share`. Pure. */
import type { SharedSeries } from '../app/shareSeries.ts';
import type { Language } from '../domain/model.ts';
import { lines, shownText, translator } from './parts.ts';
import { type MessagePayload, payload } from './payload.ts';

/** `/meeting share`: the page and the feed, and who may be given them. */
export function renderShare(shared: SharedSeries, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: lines(
      tr('reply.share.title', { series: shownText(shared.series.name) }),
      shared.reset ? tr('reply.share.reset') : null,
      '',
      tr('reply.share.page', { url: `<${shared.pageUrl}>` }),
      tr('reply.share.feed', { url: `<${shared.feedUrl}>` }),
      '',
      tr('reply.share.private'),
    ),
  });
}
