/**
 * A breached deadline escalates to the leaders of the assigned unit's parent
 * (a commune's report goes to the district's leaders): live in the admin panel
 * (the caller publishes to the parent's rooms) and, when an SMS channel is
 * configured, by SMS to each such leader whose account has a phone number.
 *
 * The SMS is an ordinary outbound message (kind 'system', report_id set) so it
 * gets the outbound worker's retries, quiet hours and delivery receipts. Its
 * recipient is a contact with an SMS identity for the leader's number — the
 * same rows any phone the hub talks to has (created on the first escalation,
 * reused when that number already wrote to the hub). The text names the
 * tracking code and unit only, no citizen data. Zalo is not used: the hub has
 * no Zalo user id for officials.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { contactIdentities, contacts, messages, units, users } from '../../db/schema/index.js';
import { normalizePhone } from '../../domain/phone.js';
import { formatTrackingCode } from '../../domain/tracking-code.js';

export interface Escalation {
  parentId: number;
  parentPath: string;
  leaders: number;
  messageIds: number[];
}

const fmtLocal = (d: Date) =>
  d.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });

export function breachSmsText(a: { code: string; unitName: string; dueAt: Date }): string {
  return `Cầu Nối: Phản ánh ${formatTrackingCode(a.code)} do ${a.unitName} xử lý đã quá hạn (hạn ${fmtLocal(a.dueAt)}). Đề nghị lãnh đạo chỉ đạo xử lý.`;
}

/** The contact holding an official's number as an SMS identity (found or created). */
async function officialContact(tx: DbOrTx, e164: string): Promise<number> {
  const [found] = await tx.select({ contactId: contactIdentities.contactId }).from(contactIdentities)
    .where(and(eq(contactIdentities.channel, 'sms'), eq(contactIdentities.externalId, e164))).limit(1);
  if (found) return found.contactId;
  const [c] = await tx.insert(contacts).values({ phone: e164 }).returning({ id: contacts.id });
  if (!c) throw new Error('contact insert returned nothing');
  const [idn] = await tx.insert(contactIdentities).values({ contactId: c.id, channel: 'sms', externalId: e164 })
    .onConflictDoNothing().returning({ contactId: contactIdentities.contactId });
  if (idn) return idn.contactId;
  // Another transaction added the same number meanwhile: use its contact.
  const [other] = await tx.select({ contactId: contactIdentities.contactId }).from(contactIdentities)
    .where(and(eq(contactIdentities.channel, 'sms'), eq(contactIdentities.externalId, e164))).limit(1);
  return other?.contactId ?? c.id;
}

export async function escalateBreach(tx: DbOrTx, a: {
  reportId: number; code: string; unitId: number; unitName: string; dueAt: Date; smsConfigured: boolean;
}): Promise<Escalation | null> {
  const [unit] = await tx.select({ parentId: units.parentId }).from(units).where(eq(units.id, a.unitId)).limit(1);
  if (!unit?.parentId) return null;
  const [parent] = await tx.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, unit.parentId)).limit(1);
  if (!parent) return null;
  const leaders = await tx.select({ id: users.id, phone: users.phone }).from(users)
    .where(and(eq(users.unitId, parent.id), eq(users.role, 'leader'), isNull(users.disabledAt)));
  const messageIds: number[] = [];
  if (a.smsConfigured) {
    const text = breachSmsText(a);
    for (const l of leaders) {
      const phone = normalizePhone(l.phone);
      if (!phone.ok || phone.kind !== 'mobile') continue;
      const contactId = await officialContact(tx, phone.e164);
      const [m] = await tx.insert(messages).values({
        reportId: a.reportId, contactId, direction: 'out', channel: 'sms', kind: 'system', body: text, status: 'queued', authorUserId: null,
      }).returning({ id: messages.id });
      if (m) messageIds.push(m.id);
    }
  }
  return { parentId: parent.id, parentPath: parent.path, leaders: leaders.length, messageIds };
}
