/**
 * Public notice pages (no session): the notice board `/thong-bao/<SMS code>`
 * and its Atom feed, subscription on the web and the "stop" link. The board
 * lists notices with the 'board' channel that are sending or sent and that
 * target this unit or a unit above it, newest first; no personal data.
 * Form posts go through the public rate limiter.
 */
import express, { Router, type Request, type RequestHandler } from 'express';
import { and, desc, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { notices } from '../../db/schema/index.js';
import { normalizePhone } from '../../domain/phone.js';
import { pathIds } from '../../realtime/rooms.js';
import { atomFeed } from '../../web/notice-atom.js';
import { boardPage, stopPage, subscribedPage, subscribePage, unitNotFoundPage, type BoardNotice } from '../../web/notice-pages.js';
import { pickLang, type Lang } from '../../web/i18n.js';
import { loadCatalog, type UnitInfo } from '../catalog/catalog.service.js';
import { stopByToken, subscribeOnWeb } from '../subscriptions/web-subscribe.service.js';
import { intArray } from '../../db/sql.js';

const BOARD_SIZE = 50;

const FORM_ERRORS = {
  phone: { vi: 'Số điện thoại di động không hợp lệ (ví dụ 0912 345 678).', en: 'Invalid mobile number (e.g. 0912 345 678).' },
  consent: { vi: 'Vui lòng đánh dấu đồng ý để đăng ký.', en: 'Please tick the consent box to subscribe.' },
};

async function boardNotices(ctx: AppContext, unit: UnitInfo): Promise<BoardNotice[]> {
  const rows = await ctx.database.db.select({
    id: notices.id, title: notices.title, text: notices.text, emergency: notices.emergency, senderName: notices.senderName,
    at: sql<Date>`coalesce(${notices.startedAt}, ${notices.createdAt})`.mapWith((v: string | Date) => new Date(v)),
  }).from(notices)
    .where(and(inArray(notices.status, ['sending', 'sent']), sql`'board' = any(${notices.channels})`, sql`${notices.unitIds} && ${intArray(pathIds(unit.path))}`))
    .orderBy(desc(sql`coalesce(${notices.startedAt}, ${notices.createdAt})`), desc(notices.id)).limit(BOARD_SIZE);
  return rows;
}

export function noticePublicRoutes(ctx: AppContext, limiter: RequestHandler): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const langOf = (req: Request): Lang => pickLang(req.query.lang, req.cookies?.lang);
  const unitOf = async (req: Request) => {
    const code = String(req.params.code ?? '').toUpperCase();
    const unit = /^[A-Z0-9]{2,20}$/.test(code) ? (await loadCatalog(ctx.database.db)).unitsByCode.get(code) : undefined;
    return unit?.smsCode ? { ...unit, smsCode: unit.smsCode } : undefined;
  };

  // Before `/thong-bao/:code`: "huy" is the stop link, not a unit.
  r.get('/thong-bao/huy', (req, res) => {
    const token = String(req.query.t ?? '');
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').type('html')
      .send(stopPage(langOf(req), token, token ? 'ask' : 'bad'));
  });
  r.post('/thong-bao/huy', limiter, form, async (req, res) => {
    const token = String((req.body as Record<string, unknown> | undefined)?.t ?? '');
    const ok = token !== '' && await stopByToken(ctx, token);
    res.status(ok ? 200 : 404).set('Cache-Control', 'no-store').type('html').send(stopPage(langOf(req), token, ok ? 'done' : 'bad'));
  });

  r.get('/thong-bao/:code', async (req, res) => {
    const unit = await unitOf(req);
    if (!unit) { res.status(404).type('html').send(unitNotFoundPage(langOf(req))); return; }
    res.set('Cache-Control', 'public, max-age=60').type('html').send(boardPage(langOf(req), unit, await boardNotices(ctx, unit)));
  });

  r.get('/thong-bao/:code/atom.xml', async (req, res) => {
    const unit = await unitOf(req);
    if (!unit) { res.status(404).type('text/plain').send('not found'); return; }
    const feed = atomFeed(ctx.env.PUBLIC_BASE_URL, unit, await boardNotices(ctx, unit), new Date());
    res.set('Cache-Control', 'public, max-age=300').type('application/atom+xml; charset=utf-8').send(feed);
  });

  r.get('/thong-bao/:code/dang-ky', async (req, res) => {
    const unit = await unitOf(req);
    if (!unit) { res.status(404).type('html').send(unitNotFoundPage(langOf(req))); return; }
    res.type('html').send(subscribePage(langOf(req), unit, { phone: '', consent: false, errors: {} }));
  });

  r.post('/thong-bao/:code/dang-ky', limiter, form, async (req, res) => {
    const lang = langOf(req);
    const unit = await unitOf(req);
    if (!unit) { res.status(404).type('html').send(unitNotFoundPage(lang)); return; }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const raw = typeof body.phone === 'string' ? body.phone.slice(0, 40) : '';
    const consent = body.consent === 'true' || body.consent === 'on';
    const phone = normalizePhone(raw);
    const errors: Record<string, { vi: string; en: string }> = {};
    if (!phone.ok || phone.kind !== 'mobile') errors.phone = FORM_ERRORS.phone;
    if (!consent) errors.consent = FORM_ERRORS.consent;
    if (!phone.ok || phone.kind !== 'mobile' || !consent) {
      res.status(422).type('html').send(subscribePage(lang, unit, { phone: raw, consent, errors }));
      return;
    }
    await subscribeOnWeb(ctx, { id: unit.id, name: unit.name }, phone.e164);
    res.set('Cache-Control', 'no-store').type('html').send(subscribedPage(lang, unit));
  });
  return r;
}
