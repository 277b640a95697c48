/**
 * A download client for URLs we did not choose (Zalo CDN links in webhooks):
 * - http(s) only; plain http only for allow-listed hosts;
 * - refuses private, loopback, link-local, CGNAT, multicast and reserved
 *   addresses. The check runs in the socket's DNS lookup, so the address
 *   checked is the address connected to (no DNS-rebinding gap); IP literals are
 *   checked before connecting. Hosts in `allowHosts` skip it (tests: the fake
 *   CDN on 127.0.0.1);
 * - follows at most 3 redirects, re-checking each hop;
 * - enforces a byte cap (declared content-length, then while streaming) and an
 *   overall timeout.
 * Errors say whether a retry can help (`retryable`).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export type SafeFetchFailure = 'bad_url' | 'blocked_address' | 'too_large' | 'http_status' | 'timeout' | 'network' | 'too_many_redirects';

export class SafeFetchError extends Error {
  constructor(readonly failure: SafeFetchFailure, message: string, readonly retryable: boolean, readonly status?: number) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Hostnames or IP literals exempt from the address check (and allowed over http). */
  allowHosts?: readonly string[];
  maxRedirects?: number;
}

export interface SafeFetchResult { body: Buffer; contentType: string | null; finalUrl: string }

const BLOCKED = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32],
  ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16], ['100::', 64],
] as const) BLOCKED.addSubnet(net6, bits, 'ipv6');

/** True for addresses a server-side download must never reach. */
export function isBlockedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return BLOCKED.check(mapped[1], 'ipv4');
  return BLOCKED.check(address, 'ipv6');
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A dns.lookup that refuses blocked addresses; used as the socket's lookup. */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || list.some((a) => isBlockedAddress(a.address))) {
      return callback(new SafeFetchError('blocked_address', 'address not allowed', false) as unknown as NodeJS.ErrnoException, '');
    }
    if (options.all) return callback(null, list);
    const first = list[0] as dns.LookupAddress;
    callback(null, first.address, first.family);
  });
}

function checkUrl(raw: string, allow: ReadonlySet<string>): { url: URL; allowed: boolean } {
  let url: URL;
  try { url = new URL(raw); } catch { throw new SafeFetchError('bad_url', 'invalid url', false); }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = allow.has(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) throw new SafeFetchError('bad_url', 'scheme not allowed', false);
  if (url.username || url.password) throw new SafeFetchError('bad_url', 'credentials in url', false);
  if (!allowed && net.isIP(host) && isBlockedAddress(host)) throw new SafeFetchError('blocked_address', 'address not allowed', false);
  return { url, allowed };
}

export async function safeFetch(rawUrl: string, opts: SafeFetchOptions): Promise<SafeFetchResult> {
  const allow = new Set((opts.allowHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean));
  const deadline = Date.now() + opts.timeoutMs;
  let current = rawUrl;
  for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
    const { url, allowed } = checkUrl(current, allow);
    const res = await getOnce(url, allowed, opts.maxBytes, deadline);
    if ('redirect' in res) { current = new URL(res.redirect, url).toString(); continue; }
    return { ...res, finalUrl: url.toString() };
  }
  throw new SafeFetchError('too_many_redirects', 'too many redirects', false);
}

type Once = { redirect: string } | { body: Buffer; contentType: string | null };

function getOnce(url: URL, allowed: boolean, maxBytes: number, deadline: number): Promise<Once> {
  return new Promise((resolveOnce, rejectOnce) => {
    let settled = false;
    const resolve = (v: Once) => { if (!settled) { settled = true; resolveOnce(v); } };
    const reject = (e: unknown) => { if (!settled) { settled = true; rejectOnce(e); } };
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.get(url, { lookup: allowed ? undefined : guardedLookup, headers: { 'user-agent': 'CauNoi/1 attachment-fetch', accept: '*/*' } }, (res) => {
      const status = res.statusCode ?? 0;
      const fail = (e: SafeFetchError) => { res.destroy(); reject(e); };
      if (status >= 300 && status < 400 && res.headers.location) { res.resume(); resolve({ redirect: res.headers.location }); return; }
      if (status !== 200) {
        fail(new SafeFetchError('http_status', `http ${status}`, status >= 500 || status === 429 || status === 408, status));
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) { fail(new SafeFetchError('too_large', 'declared size over the limit', false)); return; }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) fail(new SafeFetchError('too_large', 'size over the limit', false));
        else chunks.push(c);
      });
      res.on('end', () => { if (size <= maxBytes) resolve({ body: Buffer.concat(chunks), contentType: res.headers['content-type'] ?? null }); });
      res.on('error', (e) => reject(e instanceof SafeFetchError ? e : new SafeFetchError('network', 'connection lost', true)));
      res.on('close', () => reject(new SafeFetchError('network', 'connection closed early', true)));
    });
    req.setTimeout(Math.max(1, deadline - Date.now()), () => req.destroy(new SafeFetchError('timeout', 'timed out', true)));
    const timer = setTimeout(() => req.destroy(new SafeFetchError('timeout', 'timed out', true)), Math.max(1, deadline - Date.now()));
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e) => reject(e instanceof SafeFetchError ? e : new SafeFetchError('network', 'network error', true)));
  });
}
