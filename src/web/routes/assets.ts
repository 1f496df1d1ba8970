import type { FastifyInstance } from 'fastify';
import { SCRIPT_PATH, STYLESHEET_PATH } from '../../render/season-page.ts';
import { LOCAL_TIME_JS, SEASON_CSS } from '../../render/season-page-assets.ts';

/** The season page's stylesheet and script, and a robots.txt that keeps crawlers out. */
export function assetRoutes(app: FastifyInstance): void {
  const cacheable = 'public, max-age=3600';
  app.get(STYLESHEET_PATH, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', cacheable).send(SEASON_CSS),
  );
  app.get(SCRIPT_PATH, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', cacheable).send(LOCAL_TIME_JS),
  );
  // Browsers ask for it on their own; no icon, and no error in their console.
  app.get('/favicon.ico', (_request, reply) => reply.code(204).header('cache-control', cacheable).send());
  app.get('/robots.txt', (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send('User-agent: *\nDisallow: /\n'),
  );
}
