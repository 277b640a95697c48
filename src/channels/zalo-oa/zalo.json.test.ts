import { describe, expect, it } from 'vitest';
import { parseJsonLossless, quoteUnsafeIntegers } from './zalo.json.js';

describe('lossless Zalo JSON', () => {
  it('keeps an id larger than 2^53 exact when it arrives as a bare number', () => {
    const v = parseJsonLossless('{"sender":{"id":8417347285961289123},"n":42}') as { sender: { id: unknown }; n: unknown };
    expect(v.sender.id).toBe('8417347285961289123');
    expect(v.n).toBe(42);
  });

  it('leaves strings, decimals and small numbers untouched', () => {
    const text = '{"a":"12345678901234567890","b":[1.5,-3,1e30,"x\\"9007199254740993"],"c":-9007199254740993}';
    expect(quoteUnsafeIntegers(text)).toBe('{"a":"12345678901234567890","b":[1.5,-3,1e30,"x\\"9007199254740993"],"c":"-9007199254740993"}');
  });

  it('returns the text itself when nothing needs quoting', () => {
    const text = '{"app_id":"2553928453557884079","timestamp":"1767231000123"}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });

  it('throws on a body that is not JSON', () => {
    expect(() => parseJsonLossless('mac=abc')).toThrow(SyntaxError);
  });
});
