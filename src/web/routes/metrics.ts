import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.ts';

/** `GET /metrics`: Prometheus' text format. */
export function metricsRoutes(app: FastifyInstance, web: WebContext): void {
  const { metrics } = web;
  if (!metrics) return;
  app.get('/metrics', async (_request, reply) =>
    reply
      .type(metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(await metrics.registry.metrics()),
  );
}
