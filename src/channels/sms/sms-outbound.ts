/**
 * The outbound half shared by every SMS gateway: render the text (unaccented
 * GSM-7 by default, CHANNELS.md §5.2), split a long answer into separately sent
 * messages with "(i/N)" markers, and send the parts one by one through the
 * gateway's transport. Each accepted part is written to a ledger at once, so a
 * retry after a failure half-way (or after a crash) skips the parts the gateway
 * already took: the citizen never gets part 1 twice.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { channelSentParts } from '../../db/schema/index.js';
import { renderSmsText, smsEncoding, splitSms, type SmsEncoding } from '../../domain/sms-text.js';
import { PermanentError } from '../../lib/errors.js';
import type { OutboundAdapter, OutboundMessage, SendResult } from '../types.js';

export interface SmsPart {
  messageId: number;
  /** E.164 recipient. */
  to: string;
  text: string;
  encoding: SmsEncoding;
  /** Idempotency key of this part (eSMS RequestId). */
  key: string;
  /** 1-based part number and count. */
  part: number;
  of: number;
}

/** A gateway's "send one SMS" call; returns the provider's id or throws a typed error. */
export interface SmsTransport {
  sendPart(p: SmsPart): Promise<string>;
}

export interface PartLedger {
  accepted(messageId: number): Promise<Map<number, string>>;
  record(messageId: number, part: number, providerMessageId: string): Promise<void>;
}

export interface SmsTextOptions {
  unaccented: boolean;
  maxParts: number;
}

/** The SMS that will actually be sent for `text`, in order. */
export function prepareSmsParts(text: string, opts: SmsTextOptions): string[] {
  const rendered = renderSmsText(text, { unaccented: opts.unaccented });
  return splitSms(rendered, { maxParts: opts.maxParts });
}

export class SmsOutboundAdapter implements OutboundAdapter {
  readonly channel = 'sms' as const;

  constructor(
    readonly kind: string,
    private readonly transport: SmsTransport,
    private readonly text: SmsTextOptions,
    private readonly ledger: PartLedger,
  ) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    const parts = prepareSmsParts(msg.text, this.text);
    if (parts.length === 0) throw new PermanentError('empty SMS text', 'empty_text');
    const done = await this.ledger.accepted(msg.messageId);
    for (const [i, text] of parts.entries()) {
      const part = i + 1;
      if (done.has(part)) continue;
      const key = parts.length === 1 ? msg.idempotencyKey : `${msg.idempotencyKey}-${part}`;
      const id = await this.transport.sendPart({
        messageId: msg.messageId, to: msg.to, text, encoding: smsEncoding(text), key, part, of: parts.length,
      });
      await this.ledger.record(msg.messageId, part, id);
      done.set(part, id);
    }
    return { providerMessageId: done.get(1)!, parts: parts.length };
  }
}

/** Ledger in channel_sent_parts (channel 'sms'); each record is its own commit. */
export function dbPartLedger(db: Db): PartLedger {
  return {
    async accepted(messageId) {
      const rows = await db.select({ part: channelSentParts.part, id: channelSentParts.providerMessageId })
        .from(channelSentParts)
        .where(and(eq(channelSentParts.channel, 'sms'), eq(channelSentParts.messageId, messageId)));
      return new Map(rows.map((r) => [r.part, r.id]));
    },
    async record(messageId, part, providerMessageId) {
      await db.insert(channelSentParts).values({ channel: 'sms', messageId, part, providerMessageId }).onConflictDoNothing();
    },
  };
}

/** In-memory ledger for unit tests. */
export function memoryPartLedger(): PartLedger {
  const rows = new Map<number, Map<number, string>>();
  return {
    async accepted(messageId) { return new Map(rows.get(messageId) ?? []); },
    async record(messageId, part, id) {
      const m = rows.get(messageId) ?? new Map<number, string>();
      m.set(part, id);
      rows.set(messageId, m);
    },
  };
}
