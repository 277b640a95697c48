/**
 * Password hashing: argon2id with OWASP's recommended parameters (19 MiB,
 * t=2, p=1): the library default (64 MiB, t=3, p=4) would let a burst of
 * sign-ins take gigabytes of memory on the api. Unknown usernames are checked against a dummy hash
 * so a wrong username takes as long as a wrong password (no enumeration by timing).
 */
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password.normalize('NFC'), PARAMS);
}

let dummy: Promise<string> | undefined;

/** True when `password` matches `hash`; with no hash, burns the same time and returns false. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummy ??= hashPassword('caunoi-timing-equaliser');
  const target = hash ?? await dummy;
  try {
    const ok = await argon2.verify(target, password.normalize('NFC'));
    return hash !== null && ok;
  } catch {
    // A malformed stored hash is a failed login, not a 500.
    return false;
  }
}
