import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FeedSource, feedViews, memberFeedByToken, seriesFeedBySecret } from '../../app/seasonPage.ts';
import { renderCalendar, renderMemberCalendar } from '../../render/calendar.ts';
import { namesChangedAt } from '../../store/member-names.ts';
import type { WebContext } from '../context.ts';
import { createFeedClock, feedEtag, notModified } from '../feed-state.ts';

/** Rendered feeds kept, by feed: a calendar app that polls without an ETag gets the same body again. */
const BODIES_KEPT = 1000;

/**
 * The calendar feeds: `GET /s/:secret/calendar.ics` (a series) and
 * `GET /m/:token/talks.ics` (a member's own talks). A calendar app that polls
 * with the ETag or date it got last time is answered 304 without rendering;
 * one that polls without them gets the body rendered for that state before.
 */
export function feedRoutes(app: FastifyInstance, web: WebContext): void {
  const lastModifiedOf = createFeedClock();
  const bodies = new Map<string, { etag: string; body: string }>();

  const serve = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    source: FeedSource | null,
    render: (source: FeedSource) => Promise<string>,
  ) => {
    if (!source) return web.notFound(reply);
    const now = web.clock();
    const etag = feedEtag(source, await namesChangedAt(web.db, source.guildId));
    const lastModified = lastModifiedOf(key, etag, now);
    reply
      .header('etag', etag)
      .header('last-modified', new Date(lastModified).toUTCString())
      .header('cache-control', 'private, no-cache');
    if (notModified(request.headers, etag, lastModified)) return reply.code(304).send();
    let kept = bodies.get(key);
    if (kept?.etag !== etag) {
      kept = { etag, body: await render(source) };
      bodies.delete(key);
      if (bodies.size >= BODIES_KEPT) bodies.delete(bodies.keys().next().value!);
      bodies.set(key, kept);
    }
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="podium.ics"')
      .send(kept.body);
  };

  app.get<{ Params: { secret: string } }>('/s/:secret/calendar.ics', async (request, reply) => {
    const source = await seriesFeedBySecret(web.db, request.params.secret, web.clock());
    return serve(request, reply, `s:${request.params.secret}`, source, async (s) => {
      const series = [...s.series.values()][0]!;
      const views = await feedViews(web.db, s);
      const names = await web.names(
        s.guildId,
        views.flatMap((v) => v.slots.flatMap((x) => x.userId ?? [])),
      );
      return renderCalendar(series, views, names, web.clock(), { feed: true });
    });
  });

  app.get<{ Params: { token: string } }>('/m/:token/talks.ics', async (request, reply) => {
    const source = await memberFeedByToken(web.db, request.params.token, web.clock());
    return serve(request, reply, `m:${request.params.token}`, source, async (s) => {
      const views = await feedViews(web.db, s);
      const userId = s.userId!;
      const names = await web.names(s.guildId, [
        userId,
        ...views.flatMap((v) => v.slots.flatMap((x) => x.userId ?? [])),
      ]);
      const lang = views[0]?.series.language ?? 'en';
      return renderMemberCalendar(userId, views, names, web.clock(), lang);
    });
  });
}
