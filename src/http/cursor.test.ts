import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ValidationError } from '../lib/errors.js';

describe('page cursors', () => {
  it('round-trip a PostgreSQL timestamp with microseconds and an id', () => {
    const c = { t: '2026-03-01 08:15:30.123456+07', i: 42 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('are absent when not given', () => {
    expect(decodeCursor(undefined)).toBeNull();
  });

  it.each(['garbage', Buffer.from('{"t":"x; drop table","i":1}').toString('base64url'), Buffer.from('{"t":"2026-01-01","i":-1}').toString('base64url')])(
    'refuse a forged or broken cursor %j with a field error', (raw) => {
      expect(() => decodeCursor(raw)).toThrow(ValidationError);
    },
  );
});
