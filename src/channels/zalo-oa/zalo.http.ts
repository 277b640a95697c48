/**
 * The HTTP layer of the Zalo Open API and OAuth server. Zalo answers HTTP 200
 * with `{error: <negative int>, message}` on failure (CHANNELS.md §2.1), so the
 * transport only classifies what is not such an envelope: network errors,
 * timeouts, 5xx and 429 are retryable; other HTTP statuses and unreadable
 * bodies are permanent. Bodies are parsed losslessly (ids exceed 2^53).
 */
import { PermanentError, RetryableError } from '../../lib/errors.js';
import { parseJsonLossless } from './zalo.json.js';

export interface ZaloEnvelopeResponse {
  error: number;
  message: string;
  data: Record<string, unknown>;
  /** The whole body (OAuth answers put tokens at the top level). */
  body: Record<string, unknown>;
}

export async function zaloFetch(url: string, init: RequestInit, timeoutMs: number): Promise<ZaloEnvelopeResponse> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const name = (err as Error).name;
    throw new RetryableError(name === 'TimeoutError' ? 'zalo request timed out' : 'zalo network error', name === 'TimeoutError' ? 'timeout' : 'network');
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500 || res.status === 429) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new RetryableError(`zalo http ${res.status}`, `http_${res.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
  }
  if (res.status >= 300) throw new PermanentError(`zalo http ${res.status}`, `http_${res.status}`);
  let body: unknown;
  try { body = parseJsonLossless(text); } catch { throw new PermanentError('zalo answered a non-JSON body', 'bad_response'); }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PermanentError('zalo answered a non-object body', 'bad_response');
  const o = body as Record<string, unknown>;
  const error = typeof o.error === 'number' ? o.error : Number(o.error ?? 0);
  const data = typeof o.data === 'object' && o.data !== null ? (o.data as Record<string, unknown>) : {};
  return { error: Number.isFinite(error) ? error : -1, message: typeof o.message === 'string' ? o.message : '', data, body: o };
}

/** What to do with a non-zero `error` of the Open API (CHANNELS.md §2.5). */
export type ZaloErrorClass = 'token' | 'rate_limit' | 'retry' | 'window' | 'permanent';

const CLASSES: Record<number, ZaloErrorClass> = {
  [-216]: 'token', // access token is invalid
  [-220]: 'token', // access token expired or removed
  [-32]: 'rate_limit', // app/OA reached the API rate limit
  [-100]: 'retry', // unknown error / attachment id expired: retry (uploads are redone on retry)
  [-234]: 'retry', // "cannot be sent at night" — CS replies are 24/7, so only if Zalo changes its rules
  [-213]: 'window', // user has not followed the OA
  [-217]: 'window', // user blocked invitations from the OA
  [-227]: 'window', // user banned or inactive > 45 days
  [-230]: 'window', // user has not interacted with the OA in the past 7 days
  [-232]: 'window', // not interacted / last interaction expired
  [-244]: 'window', // user restricted this message type
};

export function classifyZaloError(code: number): ZaloErrorClass {
  return CLASSES[code] ?? 'permanent';
}

/** Back-off suggested to the queue after -32 (UNVERIFIED limit: 4000 requests/minute per app). */
export const RATE_LIMIT_BACKOFF_MS = 60_000;
