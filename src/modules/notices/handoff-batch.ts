/**
 * Handing a batch of recipients (up to NOTICE_FANOUT_BATCH) to their channels,
 * set-based inside the batch's transaction: their facts in one query, the
 * channel of each by the pure rule (src/domain/notice-channel.ts), then one
 * statement per kind of outcome, arrays passed as single parameters. A few
 * statements per thousand recipients instead of a transaction each: commits
 * (fsync) are what a per-recipient design waits on.
 *
 * - New recipients (the fan-out): one statement inserts the deliveries
 *   complete (channel, message id) — no second write —, their messages, and
 *   moves the notice's cursor. The caller holds the notice row FOR UPDATE, so
 *   two fan-outs of a notice take turns; a contact that already has a
 *   delivery (a run that lost its cursor) is left out by the unique index, with
 *   no message.
 * - Existing deliveries without a channel (retried ones): updated in place.
 */
import { inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { noticeDeliveries, type SkipReason } from '../../db/schema/index.js';
import { channelsFor } from '../../channels/registry.js';
import { chooseNoticeChannel } from '../../domain/notice-channel.js';
import { composeNoticeText } from '../../domain/notice-text.js';
import { delayFor, holdUntil, noHandoffs, type Delivery, type Handoffs } from './handoff.js';
import { intArray, rowsOf, textArray } from '../../db/sql.js';
import { overridesOptOut, type NoticeRow } from './notices.repo.js';
import { contactFactsMany } from './recipient.js';
import { znsConfigured } from './zns.config.js';

export interface BatchResult extends Handoffs {
  skipped: number;
  /** Contacts left out because they already had a delivery of this notice (a fan-out that lost its cursor). */
  existing?: number;
}
type Outcome = { skip: SkipReason } | { channel: 'sms' | 'zalo' | 'zns' };

/** The outcome of each contact (opted-out ones were decided by the caller). */
async function decide(tx: Tx, ctx: AppContext, n: NoticeRow, contactIds: number[], now: Date): Promise<Map<number, Outcome>> {
  const out = new Map<number, Outcome>();
  const facts = await contactFactsMany(tx, contactIds);
  const override = overridesOptOut(n, ctx.env.NOTICE_EMERGENCY_OVERRIDES_OPT_OUT);
  const configured = { zaloConfigured: !!channelsFor(ctx).outbound('zalo'), znsConfigured: znsConfigured(ctx) };
  for (const id of contactIds) {
    const f = facts.get(id);
    if (n.status === 'cancelled') { out.set(id, { skip: 'cancelled' }); continue; }
    // The citizen may have said stop since the delivery was queued (a retried delivery).
    if (f?.optedOut && !override) { out.set(id, { skip: 'opted_out' }); continue; }
    const c = chooseNoticeChannel({ zalo: f?.zalo ?? null, phone: f?.phone ?? null, channels: n.channels, now, ...configured });
    out.set(id, 'skip' in c ? { skip: c.skip } : { channel: c.channel });
  }
  return out;
}

/** Messages for these (contact, channel) pairs (retried deliveries); contact id → message id. */
async function createMessages(tx: Tx, ctx: AppContext, n: NoticeRow, list: { contactId: number; channel: 'sms' | 'zalo' }[], now: Date): Promise<Map<number, number>> {
  if (list.length === 0) return new Map();
  const base = { title: n.title, text: n.text, senderName: n.senderName, emergency: n.emergency };
  const rows = rowsOf(await tx.execute(sql`
    insert into messages (contact_id, direction, channel, kind, body, status, urgent, send_after)
    select v.contact_id, 'out', v.channel, 'system',
      case v.channel when 'sms' then ${composeNoticeText({ ...base, channel: 'sms' })} else ${composeNoticeText({ ...base, channel: 'zalo' })} end,
      'queued', ${n.emergency ? 1 : 0}, ${holdUntil(ctx, n, now)?.toISOString() ?? null}::timestamptz
    from unnest(${intArray(list.map((x) => x.contactId), 'bigint')}, ${textArray(list.map((x) => x.channel))}) as v(contact_id, channel)
    returning id, contact_id`));
  return new Map(rows.map((r) => [Number(r.contact_id), Number(r.id)]));
}

/** Where the fan-out's keyset cursor goes once this batch commits. */
export interface Advance { cursor: number; done: boolean }

/**
 * The fan-out's new recipients (`eligible` false: they said stop, skipped
 * unless an emergency overrides), in ONE statement: their deliveries, their
 * messages and the notice's cursor. The message ids are drawn from the
 * messages' sequence first, so each delivery is inserted complete (channel,
 * message id; no second write); a contact that already has a delivery of this
 * notice is left out by ON CONFLICT on UNIQUE(notice_id, contact_id) — always
 * through that index, whatever the planner thinks of the notice's row count —
 * and gets no message either.
 */
export async function insertHandedOff(tx: Tx, ctx: AppContext, n: NoticeRow, cands: { contactId: number; eligible: boolean }[], now: Date, advance: Advance): Promise<BatchResult> {
  const h: BatchResult = { ...noHandoffs(n, delayFor(ctx, n, now)), skipped: 0, existing: 0 };
  const outcomes = await decide(tx, ctx, n, cands.filter((c) => c.eligible).map((c) => c.contactId), now);
  for (const c of cands) if (!c.eligible) outcomes.set(c.contactId, { skip: 'opted_out' });
  const base = { title: n.title, text: n.text, senderName: n.senderName, emergency: n.emergency };
  const ids: number[] = [], reasons: (string | null)[] = [], channels: (string | null)[] = [];
  for (const c of cands) {
    const o = outcomes.get(c.contactId)!;
    ids.push(c.contactId);
    reasons.push('skip' in o ? o.skip : null);
    channels.push('channel' in o ? o.channel : null);
  }
  const cursor = sql`update notices set fanout_cursor = ${advance.cursor}, fanout_done = ${advance.done}, updated_at = now() where id = ${n.id}`;
  if (cands.length === 0) { await tx.execute(cursor); return h; }
  const inserted = rowsOf(await tx.execute(sql`
    with v as (
      select v.contact_id, v.reason, v.channel,
        case when v.channel in ('sms', 'zalo') then nextval('messages_id_seq'::regclass) end as message_id
      from unnest(${intArray(ids, 'bigint')}, ${textArray(reasons)}, ${textArray(channels)}) as v(contact_id, reason, channel)
    ), d as (
      insert into notice_deliveries (notice_id, contact_id, status, skip_reason, channel, message_id)
      select ${n.id}, v.contact_id, case when v.reason is null then 'queued' else 'skipped' end, v.reason, v.channel, v.message_id from v
      on conflict (notice_id, contact_id) do nothing
      returning id, contact_id, channel, message_id
    ), m as (
      insert into messages (id, contact_id, direction, channel, kind, body, status, urgent, send_after)
      select d.message_id, d.contact_id, 'out', d.channel, 'system',
        case d.channel when 'sms' then ${composeNoticeText({ ...base, channel: 'sms' })} else ${composeNoticeText({ ...base, channel: 'zalo' })} end,
        'queued', ${n.emergency ? 1 : 0}, ${holdUntil(ctx, n, now)?.toISOString() ?? null}::timestamptz
      from d where d.message_id is not null
    ), u as (${cursor})
    select id, channel, message_id from d`));
  h.existing = cands.length - inserted.length;
  for (const r of inserted) {
    if (r.channel === 'zns') h.zns.push({ deliveryId: Number(r.id), attempt: 0 });
    else if (r.channel === 'sms' || r.channel === 'zalo') h.messages[r.channel].push(Number(r.message_id));
    else h.skipped++;
  }
  return h;
}

/** Existing queued deliveries without a channel (retried): decided and updated in place. */
export async function handOffExisting(tx: Tx, ctx: AppContext, n: NoticeRow, rows: Delivery[], now: Date): Promise<BatchResult> {
  const h: BatchResult = { ...noHandoffs(n, delayFor(ctx, n, now)), skipped: 0 };
  if (rows.length === 0) return h;
  const outcomes = await decide(tx, ctx, n, rows.map((r) => r.contactId), now);
  const skips = rows.flatMap((d) => { const o = outcomes.get(d.contactId)!; return 'skip' in o ? [{ id: d.id, reason: o.skip }] : []; });
  if (skips.length > 0) {
    await tx.execute(sql`update notice_deliveries d set status = 'skipped', skip_reason = v.reason, updated_at = now()
      from unnest(${intArray(skips.map((s) => s.id), 'bigint')}, ${textArray(skips.map((s) => s.reason))}) as v(id, reason)
      where d.id = v.id and d.status = 'queued'`);
  }
  h.skipped = skips.length;
  const zns = rows.filter((d) => { const o = outcomes.get(d.contactId)!; return 'channel' in o && o.channel === 'zns'; });
  if (zns.length > 0) {
    await tx.update(noticeDeliveries).set({ channel: 'zns', updatedAt: now }).where(inArray(noticeDeliveries.id, zns.map((d) => d.id)));
    h.zns.push(...zns.map((d) => ({ deliveryId: d.id, attempt: d.attempt })));
  }
  const msgs = rows.flatMap((d) => { const o = outcomes.get(d.contactId)!; return 'channel' in o && o.channel !== 'zns' ? [{ d, channel: o.channel }] : []; });
  const ids = await createMessages(tx, ctx, n, msgs.map((m) => ({ contactId: m.d.contactId, channel: m.channel })), now);
  if (msgs.length > 0) {
    await tx.execute(sql`update notice_deliveries d set channel = v.channel, message_id = v.mid, updated_at = now()
      from unnest(${intArray(msgs.map((m) => m.d.id), 'bigint')}, ${textArray(msgs.map((m) => m.channel))}, ${intArray(msgs.map((m) => ids.get(m.d.contactId)!), 'bigint')})
      as v(id, channel, mid) where d.id = v.id`);
    for (const m of msgs) h.messages[m.channel].push(ids.get(m.d.contactId)!);
  }
  return h;
}
