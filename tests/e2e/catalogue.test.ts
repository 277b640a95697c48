/** The workspace's message catalogue: both languages complete, Vietnamese in NFC with its diacritics. */
import { describe, expect, it } from 'vitest';
import { en } from '../../admin-ui/src/i18n/en.js';
import { vi } from '../../admin-ui/src/i18n/vi.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('admin-ui message catalogue', () => {
  it('every message exists in Vietnamese and English with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [key, text] of Object.entries(vi)) {
      expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(text));
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('Vietnamese and English texts are NFC', () => {
    for (const [key, text] of [...Object.entries(vi), ...Object.entries(en)]) expect(text, key).toBe(text.normalize('NFC'));
  });
});
