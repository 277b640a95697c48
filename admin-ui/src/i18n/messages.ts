/**
 * The workspace's one message catalogue: Vietnamese (vi.ts, the default) and
 * English (en.ts), with the same keys and placeholders.
 */
import { en as english } from './en';
import type { MessageKey } from './vi';

export { vi, type MessageKey } from './vi';
/** Typed against the Vietnamese keys: a message missing in English does not compile. */
export const en: Record<MessageKey, string> = english;
