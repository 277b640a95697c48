/**
 * Inbound half of the simulated gateway: a token-protected JSON webhook, the
 * same shape of protection as the real unsigned gateways.
 */
import { z } from 'zod';
import type { InboundAdapter, NormalizedEvent, RawRequest, VerifyResult } from '../types.js';
import { verifyWebhookToken } from '../webhook-token.js';
import { senderE164 } from '../sms/sms-phone.js';
import { SIM_PROVIDER } from './sim.gateway.js';

const payloadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('incoming'), id: z.string().min(1), from: z.string().min(1), text: z.string(), at: z.string() }),
  z.object({ type: z.literal('report'), id: z.string().min(1), messageId: z.string().min(1), status: z.enum(['delivered', 'failed']) }),
]);

export class SimInbound implements InboundAdapter {
  readonly kind = 'sms-sim';
  readonly channel = 'sms' as const;
  readonly provider = SIM_PROVIDER;

  constructor(private readonly token: string) {}

  verify(req: RawRequest): VerifyResult {
    return verifyWebhookToken(req, this.token);
  }

  parse(req: RawRequest): NormalizedEvent[] {
    const p = payloadSchema.parse(JSON.parse(req.rawBody.toString('utf8')));
    if (p.type === 'report') {
      return [{ type: 'status', externalId: p.id, providerMessageIds: [p.messageId], status: p.status, at: new Date().toISOString() }];
    }
    const from = senderE164(p.from);
    if (!from) throw new Error('simulated SMS from an invalid number');
    return [{ type: 'message', externalId: p.id, from: { externalId: from, phone: from }, text: p.text, media: [], receivedAt: p.at }];
  }
}
