/**
 * Opaque cursors for keyset paging on (timestamp, id), newest first. The
 * timestamp travels as PostgreSQL printed it (microseconds included), so the
 * next page starts exactly after the last row — JavaScript's milliseconds
 * would skip or repeat rows that share a millisecond.
 */
import { z } from 'zod';
import { ValidationError } from '../lib/errors.js';

const cursorSchema = z.object({ t: z.string().min(10).max(40).regex(/^[0-9T:.+\- ]+$/), i: z.number().int().positive() });
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch { /* fall through */ }
  throw new ValidationError({ cursor: { vi: 'Con trỏ trang không hợp lệ, hãy tải lại danh sách.', en: 'Invalid page cursor, reload the list.' } });
}
