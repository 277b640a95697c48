/**
 * The durable inbox: accept an inbound event, commit it, then enqueue its
 * intake job (DESIGN.md data flow step 1, invariant 2).
 *
 * Concurrent requests are grouped into one multi-row INSERT … ON CONFLICT DO
 * NOTHING per tick (group commit): each caller still waits for its own row to
 * be committed before it answers, but PostgreSQL does one commit for many
 * webhooks, which is what lets ingest keep up with a bare HTTP handler.
 * Enqueueing happens after commit; if Redis is down the reconciler picks the
 * rows up, so a lost enqueue costs latency, never a report.
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { inboundEvents, type Channel } from '../db/schema/index.js';
import type { NormalizedEvent } from '../channels/types.js';
import { intakeJob } from '../jobs/definitions.js';
import type { Queues } from '../jobs/queues.js';
import { UnavailableError } from '../lib/errors.js';
import { logger } from '../lib/logger.js';
import { newTrackingCode } from '../domain/tracking-code.js';
import type { Spool, SpoolRecord } from './spool.js';

export interface InboxItem {
  channel: Channel;
  provider: string;
  event: NormalizedEvent;
  /** Provider's raw request, kept for audit and re-parsing. */
  raw?: unknown;
  /** Web submissions get their tracking code at once, to show on the answer page. */
  withTrackingCode?: boolean;
}

export interface Accepted {
  /** 0 while the event waits in the disk spool for PostgreSQL. */
  eventId: number;
  duplicate: boolean;
  trackingCode: string | null;
  spooled?: boolean;
}

interface Pending {
  item: InboxItem;
  code: string | null;
  resolve: (a: Accepted) => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 200;

export class Inbox {
  private pending: Pending[] = [];
  private flushing = false;
  private replayTimer: NodeJS.Timeout | undefined;
  private replaying = false;

  private readonly db: Db;

  constructor(private readonly database: Database, private readonly queues: Queues, private readonly spool?: Spool) {
    this.db = database.db;
  }

  /** Replay anything spooled during a PostgreSQL outage, now and every few seconds. */
  startReplay(intervalMs = 2000): void {
    if (!this.spool || this.replayTimer) return;
    void this.replaySpool();
    this.replayTimer = setInterval(() => void this.replaySpool(), intervalMs);
    this.replayTimer.unref();
  }

  stopReplay(): void {
    clearInterval(this.replayTimer);
    this.replayTimer = undefined;
  }

  async replaySpool(): Promise<number> {
    if (!this.spool || this.replaying) return 0;
    this.replaying = true;
    try {
      return await this.spool.replay((records) => this.insertSpooled(records));
    } catch (err) {
      logger.debug({ err: (err as Error).message }, 'spool replay deferred');
      return 0;
    } finally {
      this.replaying = false;
    }
  }

  private async insertSpooled(records: SpoolRecord[]): Promise<void> {
    const ids: number[] = [];
    for (const r of records) {
      const row = { ...r, receivedAt: new Date(r.receivedAt) };
      const insert = (trackingCode: string | null) => this.db.insert(inboundEvents).values({ ...row, trackingCode })
        .onConflictDoNothing({ target: [inboundEvents.channel, inboundEvents.providerEventId] })
        .returning({ id: inboundEvents.id });
      // A tracking code taken meanwhile (one in 10^8) must not lose the report: intake gives it a new one.
      const inserted = await insert(r.trackingCode).catch(() => insert(null));
      ids.push(...inserted.map((x) => x.id));
    }
    void this.queues.enqueue(intakeJob, ids.map((eventId) => ({ eventId })));
    logger.info({ count: records.length }, 'replayed spooled events');
  }

  accept(item: InboxItem): Promise<Accepted> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, code: item.withTrackingCode ? newTrackingCode() : null, resolve, reject });
      if (!this.flushing) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        await this.commitBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    let inserted: { id: number; channel: Channel; providerEventId: string; trackingCode: string | null }[];
    try {
      // Written by hand, not with the query builder: this is the ingest hot path (one multi-row
      // statement per tick), and building it row by row cost more than the rest of the request.
      const params: unknown[] = [];
      const rows = batch.map((p) => {
        const at = params.length;
        params.push(p.item.channel, p.item.provider, p.item.event.externalId, { event: p.item.event, raw: p.item.raw ?? null }, p.code);
        return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5})`;
      });
      inserted = await this.database.query(
        `insert into inbound_events (channel, provider, provider_event_id, payload, tracking_code) values ${rows.join(', ')}
         on conflict do nothing
         returning id, channel, provider_event_id as "providerEventId", tracking_code as "trackingCode"`, params);
      for (const r of inserted) r.id = Number(r.id);
    } catch (err) {
      logger.error({ err: (err as Error).message, count: batch.length }, 'inbox commit failed');
      await this.spoolBatch(batch);
      return;
    }
    const key = (c: string, id: string) => `${c}\u0000${id}`;
    const fresh = new Map(inserted.map((r) => [key(r.channel, r.providerEventId), r]));
    const missing = batch.filter((p) => !fresh.has(key(p.item.channel, p.item.event.externalId)));
    const existing = await this.lookupExisting(missing).catch(() => null);
    void this.queues.enqueue(intakeJob, inserted.map((r) => ({ eventId: r.id })));
    const retry: Pending[] = [];
    for (const p of batch) {
      const k = key(p.item.channel, p.item.event.externalId);
      const row = fresh.get(k);
      if (row) { p.resolve({ eventId: row.id, duplicate: false, trackingCode: row.trackingCode }); continue; }
      const old = existing?.get(k);
      if (old) p.resolve({ eventId: old.id, duplicate: true, trackingCode: old.trackingCode });
      else if (existing && p.code) { p.code = newTrackingCode(); retry.push(p); } // tracking-code collision
      else p.reject(new UnavailableError());
    }
    if (retry.length > 0) this.pending.push(...retry);
  }

  /** PostgreSQL is unreachable: spool to disk and acknowledge, or answer 503 if even that fails. */
  private async spoolBatch(batch: Pending[]): Promise<void> {
    if (!this.spool) { for (const p of batch) p.reject(new UnavailableError()); return; }
    const receivedAt = new Date().toISOString();
    try {
      await this.spool.write(batch.map((p) => ({
        channel: p.item.channel, provider: p.item.provider, providerEventId: p.item.event.externalId,
        payload: { event: p.item.event, raw: p.item.raw ?? null }, trackingCode: p.code, receivedAt,
      })));
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'spool write failed');
      for (const p of batch) p.reject(new UnavailableError());
      return;
    }
    for (const p of batch) p.resolve({ eventId: 0, duplicate: false, trackingCode: p.code, spooled: true });
  }

  private async lookupExisting(missing: Pending[]) {
    const out = new Map<string, { id: number; trackingCode: string | null }>();
    if (missing.length === 0) return out;
    const rows = await this.db
      .select({ id: inboundEvents.id, channel: inboundEvents.channel, providerEventId: inboundEvents.providerEventId, trackingCode: inboundEvents.trackingCode })
      .from(inboundEvents)
      .where(sql`(${inboundEvents.channel}, ${inboundEvents.providerEventId}) in (${sql.join(
        missing.map((p) => sql`(${p.item.channel}, ${p.item.event.externalId})`), sql`, `)})`);
    for (const r of rows) out.set(`${r.channel}\u0000${r.providerEventId}`, r);
    return out;
  }
}
