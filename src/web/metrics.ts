/**
 * Podium's Prometheus metrics, through prom-client, on a registry of its own.
 * Counters are fed by hooks the composition root wires (interactions from the
 * dispatcher, posts from a wrapped poster); outbox rows and the gateway ping
 * are read when Prometheus scrapes.
 */
import client from 'prom-client';
import type { Post, Poster } from '../poster/poster.ts';
import type { Db } from '../store/db.ts';

export interface GatewayProbe {
  /** Every shard of the gateway is connected and ready. */
  connected(): boolean;
  /** The gateway's heartbeat round trip in ms, or null before the first one. */
  pingMs(): number | null;
}

export interface Metrics {
  registry: client.Registry;
  /** One interaction handled (the dispatcher's hook). */
  interaction(handled: { command: string; outcome: string; ms: number }): void;
  /** The same poster, each send counted by kind and outcome with its lateness; everything else passed through. */
  observePoster<P extends Poster>(poster: P): P;
}

const OUTBOX_STATES = ['pending', 'sent', 'stale', 'failed', 'cancelled', 'skipped'] as const;

export function createMetrics(deps: {
  db: Db;
  clock?: () => number;
  gateway?: () => GatewayProbe | null;
}): Metrics {
  const clock = deps.clock ?? Date.now;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'podium_' });

  const posts = new client.Counter({
    name: 'podium_posts_total',
    help: 'Posts sent to Discord, by kind (agenda, notice:postpone, …) and outcome (sent, error)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const lateness = new client.Histogram({
    name: 'podium_post_lateness_seconds',
    help: 'How long after its due time a post went out',
    labelNames: ['kind'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
    registers: [registry],
  });
  // Pending rows are counted through the heartbeat's partial index at every scrape; the
  // other states need a scan of the whole table, so they are counted at most once a minute.
  let settled: { at: number; counts: Map<string, number> } | null = null;
  new client.Gauge({
    name: 'podium_outbox_rows',
    help: 'Outbox rows by state (states other than pending refreshed at most once a minute)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const now = clock();
      if (settled === null || now - settled.at >= 60_000) {
        const rows = await deps.db.all<{ state: string; n: number }>(
          `SELECT state, count(*) AS n FROM outbox WHERE state <> 'pending' GROUP BY state`,
        );
        settled = { at: now, counts: new Map(rows.map((r) => [r.state, Number(r.n)])) };
      }
      const pending = await deps.db.get<{ n: number }>(
        `SELECT count(*) AS n FROM outbox WHERE state = 'pending'`,
      );
      const counts = settled.counts;
      for (const state of OUTBOX_STATES)
        this.set({ state }, state === 'pending' ? Number(pending?.n ?? 0) : (counts.get(state) ?? 0));
    },
  });
  const interactions = new client.Counter({
    name: 'podium_interactions_total',
    help: 'Interactions handled, by command and outcome (ok, user_error, busy, error, undelivered)',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'podium_interaction_duration_seconds',
    help: 'From receiving an interaction to having answered it',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'podium_gateway_ping_seconds',
    help: "The gateway's heartbeat round trip (absent without a gateway)",
    registers: [registry],
    collect() {
      const ping = deps.gateway?.()?.pingMs();
      if (ping === null || ping === undefined) this.reset();
      else this.set(ping / 1000);
    },
  });
  new client.Gauge({
    name: 'podium_gateway_connected',
    help: '1 when every gateway shard is connected (absent without a gateway)',
    registers: [registry],
    collect() {
      const probe = deps.gateway?.();
      if (!probe) this.reset();
      else this.set(probe.connected() ? 1 : 0);
    },
  });

  return {
    registry,
    interaction({ command, outcome, ms }) {
      interactions.inc({ command, outcome });
      latency.observe({ command, outcome }, ms / 1000);
    },
    observePoster<P extends Poster>(poster: P): P {
      const send = async (post: Post) => {
        try {
          const sent = await poster.send(post);
          posts.inc({ kind: post.meta.kind, outcome: 'sent' });
          lateness.observe({ kind: post.meta.kind }, Math.max(0, clock() - post.meta.dueAt) / 1000);
          return sent;
        } catch (error) {
          posts.inc({ kind: post.meta.kind, outcome: 'error' });
          throw error;
        }
      };
      // A proxy, so that whatever else a poster offers (lookups…) passes through unchanged.
      return new Proxy(poster, {
        get(target, property) {
          if (property === 'send') return send;
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}
