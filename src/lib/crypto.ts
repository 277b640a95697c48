/**
 * Small crypto helpers. Secrets and signatures are compared in constant time
 * (DESIGN.md invariant 4); hashing both sides first makes the comparison
 * independent of the candidate's length, which an attacker controls.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time string equality (UTF-8 bytes). */
export function safeEqual(candidate: string, expected: string): boolean {
  const a = createHash('sha256').update(candidate, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && candidate.length === expected.length;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
