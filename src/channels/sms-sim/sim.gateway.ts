/**
 * The demo's simulated SMS gateway (DEMO_MODE with no real gateway
 * credentials). It "delivers" an outbound SMS by keeping it in memory for the
 * /demo/phone page, then reports it delivered through the real webhook path
 * (token check → parse → durable inbox → intake), as a real gateway would. A
 * visitor's SMS enters the same way. Memory only and bounded: the demo runs api
 * and workers in one process, and nothing here is a record of anything.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { logger } from '../../lib/logger.js';
import type { ProviderReply, RawRequest } from '../types.js';
import { TOKEN_HEADER } from '../webhook-token.js';
import type { SmsPart, SmsTransport } from '../sms/sms-outbound.js';

export const SIM_PROVIDER = 'sim';
export const SIM_WEBHOOK_PATH = '/webhooks/sms/sim';

export interface SimEntry {
  id: string;
  /** 'in' = the citizen's phone sent it; 'out' = the hub's answer arrived on the phone. */
  dir: 'in' | 'out';
  text: string;
  at: string;
  status: 'sent' | 'delivered';
}

export type SimPayload =
  | { type: 'incoming'; id: string; from: string; text: string; at: string }
  | { type: 'report'; id: string; messageId: string; status: 'delivered' | 'failed' };

const MAX_PER_PHONE = 100;
const MAX_PHONES = 500;

export class SimGateway implements SmsTransport {
  /** Secret of the simulated webhook: SMS_WEBHOOK_TOKEN, or a per-process random one. */
  readonly token: string;
  private readonly phones = new Map<string, SimEntry[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly delay: number;
  private readonly baseUrl: string;
  /** Set by the registry: hands a request to the real webhook ingest. */
  deliver: (req: RawRequest) => Promise<ProviderReply> = async () => { throw new Error('sim gateway not wired'); };

  constructor(opts: { token?: string; deliveryDelayMs: number; baseUrl: string }) {
    this.token = opts.token ?? randomBytes(24).toString('base64url');
    this.delay = opts.deliveryDelayMs;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  /** What the phone `e164` has sent and received, oldest first. */
  conversation(e164: string): SimEntry[] {
    return [...(this.phones.get(e164) ?? [])];
  }

  /** The visitor's phone sends an SMS to the hub. */
  async citizenSends(e164: string, text: string): Promise<ProviderReply> {
    const entry: SimEntry = { id: `sim-in-${randomUUID()}`, dir: 'in', text, at: new Date().toISOString(), status: 'sent' };
    this.remember(e164, entry);
    const reply = await this.deliver(this.request({ type: 'incoming', id: entry.id, from: e164, text, at: entry.at }));
    if (reply.status < 300) entry.status = 'delivered';
    return reply;
  }

  /** The hub sends one SMS (outbound adapter transport). */
  async sendPart(p: SmsPart): Promise<string> {
    const entry: SimEntry = { id: `sim-${randomUUID()}`, dir: 'out', text: p.text, at: new Date().toISOString(), status: 'sent' };
    this.remember(p.to, entry);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.report(entry);
    }, this.delay);
    timer.unref();
    this.timers.add(timer);
    return entry.id;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async report(entry: SimEntry): Promise<void> {
    try {
      const reply = await this.deliver(this.request({ type: 'report', id: `dlr-${entry.id}`, messageId: entry.id, status: 'delivered' }));
      if (reply.status < 300) entry.status = 'delivered';
    } catch (err) {
      logger.debug({ err: (err as Error).message }, 'simulated delivery report not accepted');
    }
  }

  private request(payload: SimPayload): RawRequest {
    return {
      method: 'POST', url: `${this.baseUrl}${SIM_WEBHOOK_PATH}`, params: { provider: SIM_PROVIDER }, query: {},
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: this.token },
      rawBody: Buffer.from(JSON.stringify(payload), 'utf8'),
    };
  }

  private remember(e164: string, entry: SimEntry): void {
    const list = this.phones.get(e164) ?? [];
    list.push(entry);
    if (list.length > MAX_PER_PHONE) list.splice(0, list.length - MAX_PER_PHONE);
    this.phones.delete(e164);
    this.phones.set(e164, list);
    if (this.phones.size > MAX_PHONES) this.phones.delete(this.phones.keys().next().value as string);
  }
}
