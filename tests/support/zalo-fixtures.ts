/** Loads recorded Zalo webhook bodies (tests/fixtures/zalo) as raw requests. Test support only. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawRequest } from '../../src/channels/types.js';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/zalo');

export function fixtureBytes(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES_DIR, `${name}.json`));
}

export function rawRequest(body: Buffer | string, headers: Record<string, string> = {}): RawRequest {
  return {
    method: 'POST', url: '/webhooks/zalo', params: {}, query: {},
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
  };
}
