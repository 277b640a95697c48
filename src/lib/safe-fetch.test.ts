import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedAddress, safeFetch, SafeFetchError } from './safe-fetch.js';

let server: http.Server;
let base = '';
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/ok') { res.writeHead(200, { 'content-type': 'image/png', 'content-length': 5 }).end('12345'); return; }
    if (url === '/declared-big') { res.writeHead(200, { 'content-length': 1000 }).end('x'.repeat(1000)); return; }
    if (url === '/streamed-big') { res.writeHead(200); for (let i = 0; i < 10; i++) res.write('y'.repeat(100)); res.end(); return; }
    if (url === '/to-ok') { res.writeHead(302, { location: '/ok' }).end(); return; }
    if (url === '/to-localhost') { res.writeHead(302, { location: `https://localhost:${port}/ok` }).end(); return; }
    if (url === '/loop') { res.writeHead(302, { location: '/loop' }).end(); return; }
    if (url === '/gone') { res.writeHead(404).end(); return; }
    if (url === '/busy') { res.writeHead(503).end(); return; }
    if (url === '/hang') return; // never answers
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const opts = { maxBytes: 500, timeoutMs: 2000, allowHosts: ['127.0.0.1'] };
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as SafeFetchError);

describe('safe fetch', () => {
  it.each([
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.20.0.1', true], ['192.168.1.1', true], ['169.254.169.254', true],
    ['100.64.0.1', true], ['0.0.0.0', true], ['224.0.0.1', true], ['::1', true], ['fe80::1', true], ['fd00::1', true],
    ['::ffff:127.0.0.1', true], ['ff02::1', true], ['8.8.8.8', false], ['113.160.1.1', false], ['2001:4860::8888', false],
  ])('treats %s as blocked: %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });

  it('downloads from an allow-listed host', async () => {
    const r = await safeFetch(`${base}/ok`, opts);
    expect(r.body.toString()).toBe('12345');
    expect(r.contentType).toBe('image/png');
  });

  it('refuses a loopback address that is not allow-listed, by IP literal or after DNS resolution', async () => {
    expect((await failure(safeFetch(`https://127.0.0.1:${port}/ok`, { ...opts, allowHosts: [] })))?.failure).toBe('blocked_address');
    const viaDns = await failure(safeFetch(`https://localhost:${port}/ok`, { ...opts, allowHosts: [] }));
    expect(viaDns?.failure).toBe('blocked_address');
    expect(viaDns?.retryable).toBe(false);
  });

  it('refuses plain http and other schemes for hosts that are not allow-listed', async () => {
    expect((await failure(safeFetch('http://example.com/a.jpg', { ...opts, allowHosts: [] })))?.failure).toBe('bad_url');
    expect((await failure(safeFetch('file:///etc/passwd', opts)))?.failure).toBe('bad_url');
  });

  it('re-checks every redirect hop', async () => {
    expect((await safeFetch(`${base}/to-ok`, opts)).body.toString()).toBe('12345');
    expect((await failure(safeFetch(`${base}/to-localhost`, opts)))?.failure).toBe('blocked_address');
    expect((await failure(safeFetch(`${base}/loop`, opts)))?.failure).toBe('too_many_redirects');
  });

  it('refuses files over the byte cap, declared or streamed', async () => {
    expect((await failure(safeFetch(`${base}/declared-big`, opts)))?.failure).toBe('too_large');
    expect((await failure(safeFetch(`${base}/streamed-big`, opts)))?.failure).toBe('too_large');
  });

  it('marks 4xx as permanent and 5xx or a timeout as retryable', async () => {
    expect(await failure(safeFetch(`${base}/gone`, opts))).toMatchObject({ failure: 'http_status', retryable: false, status: 404 });
    expect(await failure(safeFetch(`${base}/busy`, opts))).toMatchObject({ failure: 'http_status', retryable: true, status: 503 });
    expect(await failure(safeFetch(`${base}/hang`, { ...opts, timeoutMs: 200 }))).toMatchObject({ failure: 'timeout', retryable: true });
  });
});
