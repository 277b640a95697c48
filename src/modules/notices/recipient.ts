/**
 * What the notices need to know about a recipient to pick a channel, in one
 * query: their freshest Zalo identity (last message, follow state), a phone
 * number (an SMS identity, or the E.164 number they gave) and whether they
 * said stop to all notices. Never logged.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { ChannelFacts } from '../../domain/notice-channel.js';
import { intArray, rowsOf } from '../../db/sql.js';

const E164 = /^\+[1-9]\d{6,14}$/;

export interface RecipientFacts extends Pick<ChannelFacts, 'zalo' | 'phone'> { optedOut: boolean }

/** Facts of many contacts in one query (a fan-out batch). */
export async function contactFactsMany(db: DbOrTx, contactIds: readonly number[]): Promise<Map<number, RecipientFacts>> {
  const out = new Map<number, RecipientFacts>();
  if (contactIds.length === 0) return out;
  const rows = rowsOf(await db.execute(sql`select c.id as contact_id,
      z.last_inbound_at as zalo_last, z.profile->'followed' as zalo_followed, z.id is not null as has_zalo,
      coalesce((select si.external_id from contact_identities si where si.contact_id = c.id and si.channel = 'sms'
        and si.external_id ~ '^\\+[1-9][0-9]{6,14}$' order by si.id limit 1), (select k.phone from contacts k where k.id = c.id)) as phone,
      exists (select 1 from notice_opt_outs o where o.contact_id = c.id) as opted_out
    from unnest(${intArray(contactIds, 'bigint')}) as c(id)
    left join lateral (select zi.id, zi.last_inbound_at, zi.profile from contact_identities zi where zi.contact_id = c.id and zi.channel = 'zalo'
      order by zi.last_inbound_at desc nulls last, zi.id desc limit 1) z on true`));
  for (const r of rows) {
    const phone = typeof r.phone === 'string' && E164.test(r.phone) ? r.phone : null;
    const last = r.zalo_last ? new Date(r.zalo_last as string | Date) : null;
    const followed = typeof r.zalo_followed === 'boolean' ? r.zalo_followed : null;
    out.set(Number(r.contact_id), { phone, optedOut: r.opted_out === true, zalo: r.has_zalo === true ? { lastInboundAt: last, followed } : null });
  }
  return out;
}

export async function contactFacts(db: DbOrTx, contactId: number): Promise<RecipientFacts> {
  return (await contactFactsMany(db, [contactId])).get(contactId) ?? { phone: null, optedOut: false, zalo: null };
}

export async function recipientPhone(db: DbOrTx, contactId: number): Promise<string | null> {
  return (await contactFacts(db, contactId)).phone;
}
