import type { FastifyInstance } from 'fastify';
import { seasonPageBySecret } from '../../app/seasonPage.ts';
import { absolute, PATHS, SECRET_PATTERN, webcal } from '../../app/shareUrls.ts';
import { renderSeasonPage } from '../../render/season-page.ts';
import type { WebContext } from '../context.ts';

/** `GET /s/:secret/`: the season page of the series whose secret it is; 404 for any other. */
export function seasonRoutes(app: FastifyInstance, web: WebContext): void {
  app.get<{ Params: { secret: string } }>('/s/:secret', (request, reply) =>
    SECRET_PATTERN.test(request.params.secret)
      ? reply.redirect(PATHS.seasonPage(request.params.secret), 301)
      : web.notFound(reply),
  );
  app.get<{ Params: { secret: string } }>('/s/:secret/', async (request, reply) => {
    const now = web.clock();
    const page = await seasonPageBySecret(web.db, request.params.secret, now);
    if (!page) return web.notFound(reply);
    const names = await web.names(page.series.guildId, page.userIds);
    const feed = absolute(web.publicUrl(), PATHS.seriesFeed(request.params.secret));
    const html = renderSeasonPage(page, names, { feed: 'calendar.ics', subscribe: webcal(feed) }, now);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-cache').send(html);
  });
}
