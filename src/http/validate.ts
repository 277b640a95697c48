/**
 * zod at the HTTP boundary with field-level, bilingual errors. Schemas name a
 * message key as their error message (`z.string().min(10, 'passwordShort')`);
 * the key — or else the field name — is looked up in the module's catalogue.
 */
import { z } from 'zod';
import { ValidationError, type FieldMessages } from '../lib/errors.js';

const FALLBACK = { vi: 'Giá trị không hợp lệ.', en: 'Invalid value.' };

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, messages: FieldMessages): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields: FieldMessages = {};
  for (const issue of result.error.issues) {
    // Array positions name no field a form has ("status.0" is the status filter).
    const named = issue.path.filter((p) => typeof p === 'string');
    const field = named.length > 0 ? named.join('.') : 'form';
    if (fields[field]) continue;
    fields[field] = messages[issue.message] ?? messages[field] ?? FALLBACK;
  }
  throw new ValidationError(fields);
}

/** Path parameter `:id` as a positive integer; anything else is a 404 (it names no resource). */
export function idParam(raw: unknown): number | null {
  const s = String(raw ?? '');
  if (!/^[1-9]\d{0,15}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** A text field as people type it: NFC (one code point per Vietnamese letter) and trimmed. */
export const nfcTrim = z.string().transform((s) => s.normalize('NFC').trim());
