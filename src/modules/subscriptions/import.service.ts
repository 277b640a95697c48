/**
 * Officers' import of subscriber lists (POST /api/subscriptions/import). The
 * whole file is checked first; any row without consent rejects it and nothing
 * is written. Then one transaction: contacts found or created by phone, and a
 * subscription per new subscriber with the consent date and method from the
 * file (consent_source 'import: <method>'). A citizen who said stop is left
 * alone (never resubscribed by an import) and counted as such; one already
 * subscribed keeps their original consent. The import is written to the audit log.
 */
import type { AppContext } from '../../context.js';
import { auditLog, subscriptions } from '../../db/schema/index.js';
import type { AuthUser } from '../auth/auth.types.js';
import { parseImport, type LineError } from './import.parse.js';
import { contactsForPhones, subscriberStates } from './subscribers.repo.js';

const CHUNK = 1000;

export const OPT_OUT_RULE = {
  vi: 'Số điện thoại đã yêu cầu ngừng nhận (HUY) không bao giờ được đăng ký lại khi nhập danh sách; chỉ chính người dân đăng ký lại được (DK). Họ chỉ nhận cảnh báo khẩn cấp.',
  en: 'A number that asked to stop (HUY) is never subscribed again by an import; only the citizen can subscribe again (DK). It receives emergency alerts only.',
};

export interface ImportResult {
  unit: { id: number; name: string };
  rows: number;
  imported: number;
  alreadySubscribed: number;
  optedOut: { count: number; lines: number[] };
  rule: typeof OPT_OUT_RULE;
}

export type ImportOutcome = { ok: true; result: ImportResult } | { ok: false; errors: LineError[]; total: number };

export async function importSubscribers(
  ctx: AppContext, user: AuthUser, unit: { id: number; name: string }, text: string,
): Promise<ImportOutcome> {
  const parsed = parseImport(text);
  if (!parsed.ok) return parsed;
  // One row per phone: the first line wins.
  const seen = new Map<string, (typeof parsed.rows)[number]>();
  for (const r of parsed.rows) if (!seen.has(r.phone)) seen.set(r.phone, r);
  const unique = [...seen.values()];
  const result: ImportResult = { unit, rows: parsed.rows.length, imported: 0, alreadySubscribed: 0, optedOut: { count: 0, lines: [] }, rule: OPT_OUT_RULE };
  await ctx.database.db.transaction(async (tx) => {
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const ids = await contactsForPhones(tx, chunk.map((r) => r.phone));
      const states = await subscriberStates(tx, [...new Set(ids.values())], unit.id);
      const fresh = [];
      for (const r of chunk) {
        const contactId = ids.get(r.phone)!;
        const state = states.get(contactId);
        if (state === 'opted_out') { result.optedOut.count++; if (result.optedOut.lines.length < 1000) result.optedOut.lines.push(r.line); continue; }
        if (state === 'active') { result.alreadySubscribed++; continue; }
        states.set(contactId, 'active');
        fresh.push({
          contactId, unitId: unit.id, channel: 'sms' as const, active: true, consentAt: r.consentAt,
          consentSource: `import: ${r.consentMethod}`,
        });
      }
      if (fresh.length > 0) {
        const made = await tx.insert(subscriptions).values(fresh).onConflictDoNothing().returning({ id: subscriptions.id });
        result.imported += made.length;
        result.alreadySubscribed += fresh.length - made.length;
      }
    }
    await tx.insert(auditLog).values({
      userId: user.id, action: 'subscriptions.import', targetType: 'unit', targetId: String(unit.id),
      data: { rows: result.rows, imported: result.imported, alreadySubscribed: result.alreadySubscribed, optedOut: result.optedOut.count },
    });
  });
  return { ok: true, result };
}
