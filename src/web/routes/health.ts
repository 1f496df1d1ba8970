import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.ts';

/**
 * `GET /healthz`: 200 when the database answers and, in a process with a
 * gateway, the gateway is connected; 503 otherwise. JSON with the details.
 */
export function healthRoutes(app: FastifyInstance, web: WebContext): void {
  app.get('/healthz', async (_request, reply) => {
    const started = performance.now();
    let database: { ok: boolean; ms?: number; error?: string };
    try {
      await web.db.get('SELECT 1');
      database = { ok: true, ms: Math.round((performance.now() - started) * 1000) / 1000 };
    } catch (error) {
      database = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const probe = web.gateway?.() ?? null;
    const gateway = probe ? { ok: probe.connected(), pingMs: probe.pingMs() } : undefined;
    const ok = database.ok && (gateway?.ok ?? true);
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ok ? 'ok' : 'unavailable', database, ...(gateway ? { gateway } : {}) });
  });
}
