/**
 * The typed fetch client: same-origin cookies, the CSRF token (kept in memory,
 * never in localStorage) on every state-changing request, and errors turned
 * into ApiError {status, code, message, fields}. On 403 csrf_failed it re-reads
 * the token once and retries; on 401 it tells the app to show the sign-in page.
 */

export interface FieldMessage { vi: string; en: string }
export type FieldMessages = Record<string, FieldMessage>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldMessages = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server writes messages as "Tiếng Việt / English"; show the half for the UI language. */
export function messageIn(message: string, lang: 'vi' | 'en'): string {
  const at = message.indexOf(' / ');
  if (at < 0) return message;
  return lang === 'vi' ? message.slice(0, at) : message.slice(at + 3);
}

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => undefined;

export function setCsrfToken(token: string | null): void { csrfToken = token; }
export function onSessionLost(handler: () => void): void { onUnauthenticated = handler; }

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

interface ErrorBody { error?: { code?: string; message?: string; fields?: FieldMessages } }

async function toError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as ErrorBody | null;
  const e = body?.error;
  return new ApiError(
    res.status,
    e?.code ?? (res.status >= 500 ? 'internal' : 'bad_request'),
    e?.message ?? `Lỗi ${res.status} / Error ${res.status}`,
    e?.fields ?? {},
  );
}

const NETWORK = 'Không kết nối được máy chủ, vui lòng thử lại / Cannot reach the server, please retry';

async function send(method: string, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', NETWORK);
  }
}

/** Re-read the CSRF token (after a csrf_failed); false when the session is gone. */
async function refreshToken(): Promise<boolean> {
  const res = await send('GET', '/api/auth/me', undefined);
  if (!res.ok) return false;
  const data = (await res.json()) as { csrfToken: string };
  csrfToken = data.csrfToken;
  return true;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  let res = await send(method, path, body);
  if (res.status === 403 && method !== 'GET') {
    const err = await toError(res.clone());
    if (err.code === 'csrf_failed' && await refreshToken()) res = await send(method, path, body);
  }
  if (res.status === 204) return undefined as T;
  if (!res.ok) {
    const err = await toError(res);
    if (err.status === 401 && err.code === 'unauthenticated' && !opts.quiet401) onUnauthenticated();
    throw err;
  }
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query));
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const del = (path: string) => request<void>('DELETE', path);
