/**
 * Public, no sign-in: scorecards (JSON and pages) and the citizen's rating of
 * an answer (JSON and the lookup page's form). README "Public pages" and
 * docs/API.md "Public statistics and ratings".
 */
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { parseInput } from '../../http/validate.js';
import { AppError } from '../../lib/errors.js';
import { pickLang, type Lang } from '../../web/i18n.js';
import { hubScorecardPage, scorecardNotFoundPage, unitScorecardPage } from '../../web/scorecard-pages.js';
import { ratePublicReport } from '../sla/rating.service.js';
import { publicScorecard } from './public-stats.service.js';

const SCORE_MESSAGES = { score: { vi: 'Điểm đánh giá từ 1 đến 5.', en: 'A rating is from 1 to 5.' }, unit: { vi: 'Mã đơn vị không hợp lệ.', en: 'Invalid unit code.' } };
const ratingSchema = z.object({ score: z.coerce.number({ error: 'score' }).int('score').min(1, 'score').max(5, 'score') });
const unitQuery = z.object({ unit: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'unit').optional()) });
const CACHE = 'public, max-age=60';

export function scorecardRoutes(ctx: AppContext, limiter: RequestHandler): Router {
  const r = Router();
  const json = express.json({ limit: '4kb' });
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const langOf = (req: Request): Lang => pickLang(req.query.lang, (req.cookies as Record<string, string> | undefined)?.lang);

  r.get('/api/public/stats', async (req, res) => {
    const { unit } = parseInput(unitQuery, req.query, SCORE_MESSAGES);
    res.set('Cache-Control', CACHE).json(await publicScorecard(ctx, unit ?? null));
  });

  r.get('/thong-ke', async (req, res) => {
    res.set('Cache-Control', CACHE).type('html').send(hubScorecardPage(langOf(req), await publicScorecard(ctx, null)));
  });

  r.get('/thong-ke/:code', async (req, res) => {
    const lang = langOf(req);
    const code = String(req.params.code);
    if (!/^[A-Za-z0-9]{1,32}$/.test(code)) { res.status(404).type('html').send(scorecardNotFoundPage(lang)); return; }
    try {
      res.set('Cache-Control', CACHE).type('html').send(unitScorecardPage(lang, await publicScorecard(ctx, code)));
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 404) throw err;
      res.status(404).type('html').send(scorecardNotFoundPage(lang));
    }
  });

  r.post('/api/public/reports/:code/rating', limiter, json, async (req, res) => {
    const { score } = parseInput(ratingSchema, req.body, SCORE_MESSAGES);
    res.json(await ratePublicReport(ctx, String(req.params.code), score));
  });

  r.post('/tra-cuu/:code/danh-gia', limiter, form, async (req, res) => {
    const lang = langOf(req);
    const code = String(req.params.code).replace(/\D/g, '').slice(0, 9);
    const parsed = ratingSchema.safeParse(req.body ?? {});
    let outcome = 'khong';
    if (parsed.success) {
      try {
        outcome = (await ratePublicReport(ctx, code, parsed.data.score)).reopened ? 'mo-lai' : 'cam-on';
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
      }
    }
    res.redirect(303, `/tra-cuu/${code}?lang=${lang}&danhgia=${outcome}`);
  });
  return r;
}
