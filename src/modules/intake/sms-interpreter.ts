/**
 * The SMS grammar wired into intake (DESIGN.md "SMS grammar"; the pure parser
 * is src/domain/sms-grammar.ts):
 *
 *   PA <code> <text>  new report for that unit (unknown code → a short hint, no report)
 *   TC <code>         the status of that report (any valid code: status is public, no personal data)
 *   DK <code> / HUY   subscribe to a unit's notices / stop them
 *   1 … 5             rates the contact's latest answered report; 1–2 reopens it
 *   anything else     continues the open report or opens one (triage)
 *   bad syntax        the parser's hint, by SMS
 *
 * Registered for the 'sms' channel on import (workers/processors.ts imports it).
 */
import { env } from '../../config/env.js';
import type { InboundMessage } from '../../channels/types.js';
import { parseSms } from '../../domain/sms-grammar.js';
import { findOrCreateContact } from './contacts.repo.js';
import { registerInterpreter, type EventContext, type MessageInterpreter } from './intake.service.js';
import { answer, rate, ratableReport, statusReply, subscribe, unsubscribe } from './sms-commands.js';
import { smsReplies } from './sms-replies.js';

const HANDLED = { handled: true } as const;

export function smsInterpreter(publicBaseUrl: () => string | null): MessageInterpreter {
  return async (ctx: EventContext, msg: InboundMessage) => {
    const parsed = parseSms(msg.text);
    const unitFor = (code: string) => ctx.catalog.unitsByCode.get(code);
    switch (parsed.kind) {
      case 'free_text':
        return { handled: false, msg, forceNew: false };
      case 'new_report': {
        const unit = unitFor(parsed.unitCode);
        if (!unit) { await answer(ctx, msg, smsReplies.unknownUnit(parsed.unitCode, 'PA')); return HANDLED; }
        return { handled: false, msg: { ...msg, text: parsed.text, unitCode: unit.smsCode ?? parsed.unitCode }, forceNew: true };
      }
      case 'status':
        await answer(ctx, msg, await statusReply(ctx, parsed.code, publicBaseUrl()));
        return HANDLED;
      case 'subscribe': {
        const unit = unitFor(parsed.unitCode);
        if (!unit) { await answer(ctx, msg, smsReplies.unknownUnit(parsed.unitCode, 'DK')); return HANDLED; }
        const contact = await findOrCreateContact(ctx.tx, ctx.channel, msg);
        await subscribe(ctx, contact.id, unit.id);
        await answer(ctx, msg, smsReplies.subscribed(unit.name), null, contact);
        return HANDLED;
      }
      case 'unsubscribe': {
        const unit = parsed.unitCode ? unitFor(parsed.unitCode) : undefined;
        if (parsed.unitCode && !unit) { await answer(ctx, msg, smsReplies.unknownUnit(parsed.unitCode, 'HUY')); return HANDLED; }
        const contact = await findOrCreateContact(ctx.tx, ctx.channel, msg);
        await unsubscribe(ctx, contact.id, unit?.id ?? null);
        await answer(ctx, msg, smsReplies.unsubscribed(unit?.name ?? null), null, contact);
        return HANDLED;
      }
      case 'rating': {
        const contact = await findOrCreateContact(ctx.tx, ctx.channel, msg);
        const report = await ratableReport(ctx, contact.id);
        if (!report) return { handled: false, msg, forceNew: false };
        const reopened = await rate(ctx, report, parsed.score);
        const unitName = ctx.catalog.units.get(report.assignedUnitId)?.name ?? '';
        const text = reopened ? smsReplies.reopened(parsed.score, report.code, unitName) : smsReplies.rated(parsed.score, report.code);
        await answer(ctx, msg, text, report.id, contact);
        return HANDLED;
      }
      case 'syntax_error':
        await answer(ctx, msg, parsed.hint_vi);
        return HANDLED;
    }
  };
}

/** Intake's interpreters are process-wide, so the link in `TC` answers uses the process's own env. */
const baseUrl = (): string | null => { try { return env().PUBLIC_BASE_URL; } catch { return null; } };

registerInterpreter('sms', smsInterpreter(baseUrl));
