/**
 * Reading a gateway's request parameters from the raw request: query string,
 * form-encoded body or JSON body. Pure; the values are exactly what was sent.
 */
import type { RawRequest } from '../types.js';

export type Params = Record<string, string>;

/** Query string of the URL as received (first value of each name). */
export function queryParams(req: RawRequest): Params {
  const out: Params = {};
  const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  for (const [k, v] of new URLSearchParams(qs)) if (!(k in out)) out[k] = v;
  return out;
}

/** Form body pairs in the order sent (Twilio signs every pair). */
export function formPairs(req: RawRequest): [string, string][] {
  return [...new URLSearchParams(req.rawBody.toString('utf8'))];
}

export function isForm(req: RawRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

export function isJson(req: RawRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().includes('json');
}

/**
 * Every parameter: query first, then a form or JSON body over it. A JSON body that
 * is not an object throws (a poison payload). Nested JSON values are ignored.
 */
export function allParams(req: RawRequest): Params {
  const out = queryParams(req);
  if (req.rawBody.length === 0) return out;
  if (isForm(req)) {
    for (const [k, v] of formPairs(req)) out[k] = v;
    return out;
  }
  if (isJson(req)) {
    const body: unknown = JSON.parse(req.rawBody.toString('utf8'));
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('JSON body is not an object');
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    }
  }
  return out;
}
