/**
 * HTTP transport shared by the SMS gateway adapters. It classifies what is the
 * same everywhere (STYLE.md rule 8): network errors, timeouts, 5xx and 429 are
 * retryable; the adapter classifies the provider's own error codes in 2xx/4xx
 * answers. Nothing here logs numbers or text.
 */
import { RetryableError } from '../../lib/errors.js';

export interface HttpAnswer {
  status: number;
  text: string;
  headers: Headers;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export async function gatewayFetch(provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const timeout = (err as Error).name === 'TimeoutError';
    throw new RetryableError(`${provider}: ${timeout ? 'request timed out' : 'network error'}`, timeout ? 'timeout' : 'network');
  }
  const text = await res.text().catch(() => '');
  if (res.status === 429) {
    throw new RetryableError(`${provider}: rate limited (HTTP 429)`, 'rate_limited', retryAfterMs(res.headers));
  }
  if (res.status >= 500) throw new RetryableError(`${provider}: HTTP ${res.status}`, `http_${res.status}`);
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, text, headers: res.headers, json };
}

/** `Retry-After` (seconds) or SpeedSMS's `X-Rate-Limit-Reset` (seconds until reset), in ms. */
function retryAfterMs(headers: Headers): number | undefined {
  for (const name of ['retry-after', 'x-rate-limit-reset']) {
    const v = Number(headers.get(name));
    if (Number.isFinite(v) && v > 0 && v < 3600) return v * 1000;
  }
  return undefined;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** A JSON object's field as a string (providers send numbers and strings interchangeably). */
export function field(obj: unknown, key: string): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
