/** Builds RawRequests for adapter unit tests. */
import type { RawRequest } from '../types.js';

export function rawRequest(opts: { method?: string; url: string; body?: string; contentType?: string; headers?: Record<string, string> }): RawRequest {
  const u = new URL(opts.url);
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) query[k] = v;
  return {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    url: opts.url,
    params: {},
    query,
    headers: { ...(opts.contentType ? { 'content-type': opts.contentType } : {}), ...(opts.headers ?? {}) },
    rawBody: Buffer.from(opts.body ?? '', 'utf8'),
  };
}
