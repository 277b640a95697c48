import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../config/env.js';
import { cookieValue } from '../../realtime/socket.js';
import { cookieOptions, csrfMatches } from './auth.middleware.js';

describe('session cookie', () => {
  it('is httpOnly and SameSite=Lax, and Secure only behind https', () => {
    const http = cookieOptions(parseEnv({ PUBLIC_BASE_URL: 'http://localhost:3000' }));
    const https = cookieOptions(parseEnv({ PUBLIC_BASE_URL: 'https://caunoi.trabong.gov.vn' }));
    expect(http).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false, path: '/' });
    expect(https.secure).toBe(true);
  });

  it('is read from a Cookie header among others', () => {
    expect(cookieValue('lang=vi; caunoi.sid=abc_DEF-123; other=1', 'caunoi.sid')).toBe('abc_DEF-123');
    expect(cookieValue('xcaunoi.sid=nope', 'caunoi.sid')).toBeUndefined();
    expect(cookieValue(undefined, 'caunoi.sid')).toBeUndefined();
  });
});

describe('CSRF token comparison', () => {
  it('accepts only the exact token, whatever the lengths', () => {
    expect(csrfMatches('token-a', 'token-a')).toBe(true);
    expect(csrfMatches('token-a', 'token-b')).toBe(false);
    expect(csrfMatches('token-a', 'token-a-longer')).toBe(false);
    expect(csrfMatches('token-a', '')).toBe(false);
    expect(csrfMatches('token-a', undefined)).toBe(false);
  });
});
