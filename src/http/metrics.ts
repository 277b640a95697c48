/**
 * Prometheus metrics at /metrics: request counts and latencies by route, and
 * queue depths read from BullMQ at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import { QUEUE_NAMES } from '../jobs/definitions.js';

export interface Metrics { registry: Registry; middleware: RequestHandler }

export function createMetrics(ctx: AppContext): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'caunoi_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'caunoi_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  new Gauge({
    name: 'caunoi_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers: [registry],
    async collect() {
      for (const name of QUEUE_NAMES) {
        const counts = await ctx.queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => null);
        if (counts) for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
      }
    },
  });
  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other');
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      latency.observe({ method: req.method, route }, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
  return { registry, middleware };
}
