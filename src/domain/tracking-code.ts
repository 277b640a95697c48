/**
 * Tracking codes: 9 digits, shown as three groups ("482-910-375"). Digits only,
 * because most citizens type them on a feature-phone keypad (`TC 482910375`)
 * or read them aloud over the phone; the last digit is a Damm check digit, so
 * any single mistyped digit or swapped neighbours is caught before a lookup.
 */
import { randomInt } from 'node:crypto';

const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function dammInterim(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]![Number(ch)]!;
  return interim;
}

/** A new random code (8 random digits + check digit); the first digit is never 0. */
export function newTrackingCode(random: (min: number, max: number) => number = randomInt): string {
  const body = String(random(10_000_000, 100_000_000));
  return body + String(dammInterim(body));
}

/** Digits only, or null when the input cannot be a valid code (wrong length or check digit). */
export function parseTrackingCode(input: string): string | null {
  const digits = input.replace(/[\s.\-_/]/g, '');
  if (!/^\d{9}$/.test(digits)) return null;
  return dammInterim(digits) === 0 ? digits : null;
}

/** "482910375" → "482-910-375" */
export function formatTrackingCode(code: string): string {
  return code.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1-$2-$3');
}
