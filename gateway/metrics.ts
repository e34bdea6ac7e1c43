// Prometheus metrics (prom-client): HTTP requests and latency by route and status, SCIM
// operations by kind and outcome, and database pool use. Served at GET /metrics.

import type { Knex } from 'knex';
import type { Middleware } from 'koa';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  middleware: Middleware;
}

const scimOperation = (method: string, route: string): string | null => {
  if (!/\/(Users|Groups)/i.test(route)) return null;
  const type = /\/Users/i.test(route) ? 'user' : 'group';
  if (route.endsWith('.search')) return `${type}_search`;
  const byMethod: Record<string, string> = { POST: 'create', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' };
  return `${type}_${byMethod[method] ?? (route.endsWith(':id') ? 'get' : 'list')}`;
};

export function createMetrics(db: Knex): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });
  const operations = new Counter({ name: 'scim_operations_total', help: 'SCIM operations by kind and outcome', labelNames: ['operation', 'outcome', 'scim_type'], registers: [registry] });
  const pool = (db.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } });
  new Gauge({
    name: 'db_pool_connections', help: 'Database pool connections by state', labelNames: ['state'], registers: [registry],
    collect() {
      const p = pool.pool;
      if (!p) return;
      this.set({ state: 'used' }, p.numUsed());
      this.set({ state: 'free' }, p.numFree());
      this.set({ state: 'pending' }, p.numPendingAcquires());
    },
  });

  const middleware: Middleware = async function metricsMiddleware(ctx, next) {
    if (ctx.path === '/metrics') {
      ctx.type = registry.contentType;
      ctx.body = await registry.metrics();
      return;
    }
    const end = latency.startTimer();
    try {
      await next();
    } finally {
      // Unmatched paths share one label so scanners cannot explode the series count.
      const route: string = ctx.state.route ?? (['/healthz', '/readyz', '/graphql'].includes(ctx.path) ? ctx.path : 'unmatched');
      const labels = { method: ctx.method, route, status: String(ctx.status) };
      requests.inc(labels);
      end(labels);
      const op = scimOperation(ctx.method, route);
      if (op) operations.inc({ operation: op, outcome: ctx.status < 400 ? 'success' : 'failure', scim_type: ctx.state.scimType ?? '' });
    }
  };
  return { registry, middleware };
}
