/**
 * Subscribing to notices over Zalo (issue 6), registered as intake's 'zalo'
 * interpreter. A follower chooses their commune by sending, in the OA chat:
 *
 *   DK <code>          subscribe (the SMS grammar, src/domain/sms-grammar.ts)
 *   <code> alone       e.g. "TRAPHU" or "Trà Phú" — what an OA menu button
 *                      (`oa.query.show` with that text) sends
 *   HUY [<code>]       stop all notices, or that unit's
 *
 * Each gets a confirmation in the chat. Anything else (reports, ratings, PA/TC,
 * which have no meaning on Zalo) goes on to the report flow untouched.
 * Consent is recorded as 'zalo:DK' with its time (sms-commands.ts subscribe).
 */
import type { InboundMessage } from '../../channels/types.js';
import { parseSms } from '../../domain/sms-grammar.js';
import { fold } from '../../domain/text.js';
import { findOrCreateContact } from '../intake/contacts.repo.js';
import { registerInterpreter, type EventContext, type MessageInterpreter } from '../intake/intake.service.js';
import { answer, subscribe, unsubscribe } from '../intake/sms-commands.js';

export const zaloReplies = {
  subscribed: (unit: string) => `Cầu Nối: Bạn đã đăng ký nhận thông báo của ${unit} qua Zalo. Nhắn HUY để ngừng nhận.`,
  unsubscribed: (unit: string | null) =>
    `Cầu Nối: Bạn đã ngừng nhận thông báo${unit ? ` của ${unit}` : ''}. Nhắn DK <mã xã> (ví dụ DK TRAPHU) để đăng ký lại.`,
  unknownUnit: (code: string) => `Cầu Nối: Không có mã xã ${code}. Nhắn DK <mã xã>, ví dụ DK TRAPHU.`,
  howTo: 'Cầu Nối: Để nhận thông báo, nhắn DK <mã xã>, ví dụ DK TRAPHU. Nhắn HUY để ngừng nhận.',
};

/** "TRAPHU", "Trà Phú", "Xã Trà Phú" → "TRAPHU"; null for anything longer than three words. */
export function bareUnitCode(text: string): string | null {
  const folded = fold(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().replace(/^(xa|thi tran|phuong)\s+/, '');
  const words = folded.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 3) return null;
  const code = words.join('').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return code.length >= 2 ? code : null;
}

type Action = { kind: 'subscribe'; code: string; bare: boolean } | { kind: 'unsubscribe'; code?: string } | { kind: 'how_to' } | null;

function actionOf(text: string): Action {
  const parsed = parseSms(text);
  if (parsed.kind === 'subscribe') return { kind: 'subscribe', code: parsed.unitCode, bare: false };
  if (parsed.kind === 'unsubscribe') return { kind: 'unsubscribe', code: parsed.unitCode };
  if (parsed.kind === 'syntax_error' && parsed.command === 'DK') return { kind: 'how_to' };
  if (parsed.kind !== 'free_text') return null;
  const code = bareUnitCode(text);
  return code ? { kind: 'subscribe', code, bare: true } : null;
}

export const zaloSubscribeInterpreter: MessageInterpreter = async (ctx: EventContext, msg: InboundMessage) => {
  const action = actionOf(msg.text);
  const unitFor = (code: string | undefined) => (code ? ctx.catalog.unitsByCode.get(code) : undefined);
  const pass = { handled: false, msg, forceNew: false } as const;
  if (!action) return pass;
  if (action.kind === 'how_to') { await answer(ctx, msg, zaloReplies.howTo); return { handled: true }; }
  const unit = unitFor(action.code);
  if (action.kind === 'subscribe') {
    // A lone word that is no unit code is ordinary report text.
    if (!unit) { if (action.bare) return pass; await answer(ctx, msg, zaloReplies.unknownUnit(action.code)); return { handled: true }; }
    const contact = await findOrCreateContact(ctx.tx, ctx.channel, msg);
    await subscribe(ctx, contact.id, unit.id);
    await answer(ctx, msg, zaloReplies.subscribed(unit.name), null, contact);
    return { handled: true };
  }
  if (action.code && !unit) { await answer(ctx, msg, zaloReplies.unknownUnit(action.code)); return { handled: true }; }
  const contact = await findOrCreateContact(ctx.tx, ctx.channel, msg);
  await unsubscribe(ctx, contact.id, unit?.id ?? null);
  await answer(ctx, msg, zaloReplies.unsubscribed(unit?.name ?? null), null, contact);
  return { handled: true };
};

registerInterpreter('zalo', zaloSubscribeInterpreter);
