/**
 * The web server (fastify): the season pages and calendar feeds behind their
 * secrets, `/healthz` and `/metrics`. Its own module, wired by `main.ts`, so
 * that it can run in the bot's process or on its own.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { recordPublicUrl } from '../app/shareUrls.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { WebContext } from './context.ts';
import type { GatewayProbe, Metrics } from './metrics.ts';
import { createNameSource, type LookupNames } from './names.ts';
import { assetRoutes } from './routes/assets.ts';
import { feedRoutes } from './routes/feeds.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { seasonRoutes } from './routes/season.ts';
import { securityHeaders } from './security.ts';

export interface WebDeps {
  db: Db;
  log: Logger;
  /** The base of the links handed out (`PUBLIC_URL`); by default where the server listens. */
  publicUrl?: string | undefined;
  /** The current instant; the real clock by default. */
  clock?: () => number;
  metrics?: Metrics;
  /** The gateway of this process, once it has one: `/healthz` then requires it to be connected. */
  gateway?: () => GatewayProbe | null;
  /** Names not stored yet, looked up on Discord (a process with a gateway). */
  lookupNames?: () => LookupNames | null;
}

const NOT_FOUND =
  '<!doctype html><html><head><meta charset="utf-8"><title>404</title></head><body><p>Not found · 未找到</p></body></html>\n';

/** The fastify app with every route, not listening: tests inject requests into it. */
export function createWebApp(deps: WebDeps & { publicUrl: string }): FastifyInstance {
  const clock = deps.clock ?? Date.now;
  const log = deps.log.child({ role: 'web' });
  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });
  const web: WebContext = {
    db: deps.db,
    clock,
    publicUrl: () => deps.publicUrl,
    names: createNameSource({ db: deps.db, log, clock, lookup: deps.lookupNames }),
    metrics: deps.metrics,
    gateway: deps.gateway,
    notFound: (reply) => reply.code(404).type('text/html; charset=utf-8').send(NOT_FOUND),
  };
  securityHeaders(app);
  app.setNotFoundHandler((_request, reply) => web.notFound(reply));
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) log.error({ err: error, url: request.url }, 'web request failed');
    return reply
      .code(status)
      .type('text/plain; charset=utf-8')
      .send(status >= 500 ? 'Something went wrong on our side.\n' : 'Bad request.\n');
  });
  assetRoutes(app);
  seasonRoutes(app, web);
  feedRoutes(app, web);
  healthRoutes(app, web);
  metricsRoutes(app, web);
  return app;
}

/** A port that cannot be listened on, said plainly. */
export class WebServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebServerError';
  }
}

export interface WebServer {
  app: FastifyInstance;
  /** Where it listens, e.g. `http://127.0.0.1:8080` (the real port when 0 was asked). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts listening on `host:port` and records the public URL for the links `/meeting share` gives. */
export async function startWebServer(
  deps: WebDeps,
  listen: { port: number; host: string },
): Promise<WebServer> {
  let publicUrl = deps.publicUrl ?? '';
  const app = createWebApp({
    ...deps,
    get publicUrl() {
      return publicUrl;
    },
  });
  try {
    await app.listen({ port: listen.port, host: listen.host });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw new WebServerError(explainListenError(error, listen));
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const url = `http://${urlHost(listen.host)}:${port}`;
  publicUrl = deps.publicUrl ?? url;
  await recordPublicUrl(deps.db, publicUrl);
  deps.log.info({ url, publicUrl }, 'web server listening');
  return { app, url, port, close: () => app.close() };
}

/** The host as written in a URL: a wildcard address is reached as localhost, IPv6 in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function explainListenError(error: unknown, { port, host }: { port: number; host: string }): string {
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `The web server cannot listen on ${host}:${port}: another program uses that port. Stop it, or set PORT in .env to a free port.`;
    case 'EACCES':
      return `The web server is not allowed to listen on ${host}:${port}. Use a port above 1023 (e.g. PORT=8080), or run behind a reverse proxy.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `The web server cannot listen on ${host}: this machine has no such address. Set HOST to 127.0.0.1, 0.0.0.0 or one of its addresses.`;
    default:
      return `The web server cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
