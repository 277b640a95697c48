/**
 * The demo phone (DEMO_MODE only): the visitor's SMS enters through the real
 * webhook path of the simulated gateway (token-checked, stored in the durable
 * inbox, processed by intake); answers come back through the outbound worker
 * and the simulated gateway. The browser never sees the webhook token.
 */
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { channelsFor } from '../../channels/registry.js';
import { formatPhone, normalizePhone } from '../../domain/phone.js';
import { AppError, ValidationError } from '../../lib/errors.js';
import { pickLang } from '../../web/i18n.js';
import { DEMO_NUMBERS, demoPhonePage } from '../../web/demo-phone-page.js';

const sendSchema = z.object({ phone: z.string().max(30), text: z.string().trim().min(1).max(480) });

const PHONE_ERROR = { vi: 'Số điện thoại di động Việt Nam không hợp lệ.', en: 'Not a valid Vietnamese mobile number.' };
const TEXT_ERROR = { vi: 'Tin nhắn từ 1 đến 480 ký tự.', en: 'A message has 1 to 480 characters.' };

function mobile(raw: unknown): string | null {
  const n = normalizePhone(typeof raw === 'string' ? raw : '');
  return n.ok && n.kind === 'mobile' ? n.e164 : null;
}

export function demoPhoneRoutes(ctx: AppContext): Router {
  const r = Router();
  const body = [express.json({ limit: '8kb' }), express.urlencoded({ extended: false, limit: '8kb' })];
  const sim = () => channelsFor(ctx).sim;
  const langOf = (req: Request) => pickLang(req.query.lang, req.cookies?.lang);

  r.get('/demo/phone', (req, res) => {
    const s = sim();
    const e164 = mobile(req.query.so) ?? mobile(DEMO_NUMBERS[0]);
    const entries = s && e164 ? s.conversation(e164) : [];
    res.set('Cache-Control', 'no-store').type('html')
      .send(demoPhonePage(langOf(req), { enabled: Boolean(s), phone: e164 ? formatPhone(e164, '0') : '', entries }));
  });

  r.get('/demo/phone/messages', (req, res) => {
    const s = sim();
    const e164 = mobile(req.query.phone);
    if (!s) throw new AppError(404, 'demo_phone_off', 'Điện thoại thử nghiệm đang tắt / Demo phone is off');
    if (!e164) throw new ValidationError({ phone: PHONE_ERROR });
    res.set('Cache-Control', 'no-store').json({ phone: formatPhone(e164, '0'), messages: s.conversation(e164) });
  });

  r.post('/demo/phone/send', ...body, async (req, res) => {
    const s = sim();
    if (!s) throw new AppError(404, 'demo_phone_off', 'Điện thoại thử nghiệm đang tắt / Demo phone is off');
    const parsed = sendSchema.safeParse(req.body);
    const e164 = parsed.success ? mobile(parsed.data.phone) : null;
    if (!parsed.success || !e164) {
      throw new ValidationError({ ...(e164 ? {} : { phone: PHONE_ERROR }), ...(parsed.success ? {} : { text: TEXT_ERROR }) });
    }
    const reply = await s.citizenSends(e164, parsed.data.text);
    if (reply.status >= 300) throw new AppError(502, 'demo_gateway', 'Tổng đài thử nghiệm không nhận tin / Demo gateway refused the message');
    if (req.is('application/json')) { res.json({ ok: true }); return; }
    res.redirect(303, `/demo/phone?so=${encodeURIComponent(formatPhone(e164, '0'))}&lang=${langOf(req)}`);
  });
  return r;
}
