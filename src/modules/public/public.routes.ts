/**
 * Citizen-facing routes: the JSON API of DESIGN.md and the server-rendered
 * pages that use the same services (the form posts without any script).
 */
import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import type { AppContext } from '../../context.js';
import { AppError, ValidationError } from '../../lib/errors.js';
import { formPage, lookupPage, reportPage, type FormOption } from '../../web/pages.js';
import { pickLang, type Lang } from '../../web/i18n.js';
import { ratingNoticeOf } from '../../web/rating-form.js';
import { parseTrackingCode } from '../../domain/tracking-code.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { FIELD_MESSAGES, MAX_PHOTOS, MAX_PHOTO_BYTES } from './public.schemas.js';
import { submitWebReport, type UploadedPhoto } from './public.service.js';
import { lookupPublicReport } from './lookup.service.js';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { files: MAX_PHOTOS, fileSize: MAX_PHOTO_BYTES, fields: 20, fieldSize: 64 * 1024, parts: 30 },
});

/** Multer's limit errors become the same field messages as every other check. */
const multipart: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) { next(); return; }
  upload.array('photos', MAX_PHOTOS)(req, res, (err: unknown) => {
    if (!err) { next(); return; }
    const code = (err as { code?: string }).code;
    if (code === 'LIMIT_FILE_SIZE') next(new ValidationError({ photos: FIELD_MESSAGES.photoSize }));
    else if (code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE') next(new ValidationError({ photos: FIELD_MESSAGES.photosCount }));
    else if (code === 'LIMIT_FIELD_VALUE') next(new ValidationError({ description: FIELD_MESSAGES.descriptionLong }));
    else next(new AppError(400, 'bad_multipart', 'Dữ liệu gửi lên không hợp lệ / Malformed form data'));
  });
};

function photosOf(req: Request): UploadedPhoto[] {
  const files = (req.files ?? []) as Express.Multer.File[];
  return files.map((f) => ({ buffer: f.buffer, size: f.size }));
}

/** Form posts send lat/lng as flat fields; JSON clients send location {lat,lng}. */
function fieldsOf(req: Request): Record<string, unknown> {
  const body = { ...(req.body as Record<string, unknown> | undefined) };
  if (!body.location && body.lat && body.lng) body.location = { lat: body.lat, lng: body.lng };
  for (const k of ['lat', 'lng']) delete body[k];
  for (const k of ['name', 'phone']) if (body[k] === '') delete body[k];
  if (!body.location || (typeof body.location === 'object' && !(body.location as { lat?: unknown }).lat)) delete body.location;
  return body;
}

async function formOptions(ctx: AppContext, lang: Lang): Promise<{ communes: FormOption[]; categories: FormOption[] }> {
  const catalog = await loadCatalog(ctx.database.db);
  const communes: FormOption[] = [];
  for (const u of catalog.units.values()) {
    if (!u.smsCode || (u.kind !== 'commune' && u.kind !== 'department')) continue;
    const group = u.kind === 'commune' ? (lang === 'vi' ? 'Xã, thị trấn' : 'Communes') : (lang === 'vi' ? 'Phòng ban của huyện' : 'District departments');
    communes.push({ value: u.smsCode, label: u.name, group });
  }
  communes.sort((a, b) => (b.group ?? '').localeCompare(a.group ?? '', 'vi') || a.label.localeCompare(b.label, 'vi'));
  communes.push({ value: '-', label: lang === 'vi' ? 'Không rõ — để huyện phân loại' : 'Not sure — the district will decide' });
  const categories = [...catalog.categories.values()].map((c) => ({ value: c.code, label: lang === 'vi' ? c.nameVi : c.nameEn }));
  return { communes, categories };
}

export function publicRoutes(ctx: AppContext, limiter: RequestHandler): Router {
  const r = Router();
  const json = express.json({ limit: '256kb' });
  const form = express.urlencoded({ extended: false, limit: '256kb' });

  r.post('/api/public/reports', limiter, json, multipart, async (req, res) => {
    const result = await submitWebReport(ctx, fieldsOf(req), photosOf(req));
    res.status(result.duplicate ? 200 : 201).json({ code: result.code, status: result.status });
  });

  r.get('/api/public/reports/:code', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await lookupPublicReport(ctx, String(req.params.code)));
  });

  r.get('/api/public/catalog', async (req, res) => {
    res.json(await formOptions(ctx, pickLang(req.query.lang, req.cookies?.lang)));
  });

  const langOf = (req: Request): Lang => {
    const lang = pickLang(req.query.lang, req.cookies?.lang);
    if (req.query.lang) req.res?.cookie('lang', lang, { maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', httpOnly: true });
    return lang;
  };

  r.get('/', async (req, res) => {
    const lang = langOf(req);
    const { communes, categories } = await formOptions(ctx, lang);
    res.type('html').send(formPage(lang, communes, categories, { values: {}, errors: {}, submissionId: randomUUID() }));
  });

  r.post('/gui', limiter, form, multipart, async (req, res) => {
    const lang = langOf(req);
    const fields = fieldsOf(req);
    try {
      const result = await submitWebReport(ctx, fields, photosOf(req), { requireCommune: true });
      res.redirect(303, `/tra-cuu/${result.code}?moi=1&lang=${lang}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const { communes, categories } = await formOptions(ctx, lang);
      const body = req.body as Record<string, string>;
      const values = { ...body, consent: body?.consent ? 'true' : '' };
      res.status(422).type('html').send(formPage(lang, communes, categories, {
        values, errors: err.fields ?? {}, submissionId: String(body?.submissionId ?? randomUUID()),
      }));
    }
  });

  r.get('/tra-cuu', (req, res) => {
    const lang = langOf(req);
    const raw = String(req.query.code ?? '');
    const code = raw ? parseTrackingCode(raw) : null;
    if (code) { res.redirect(303, `/tra-cuu/${code}?lang=${lang}`); return; }
    const msg = raw ? (lang === 'vi' ? 'Mã tra cứu gồm 9 chữ số, ví dụ 482-910-375.' : 'A tracking code has 9 digits, e.g. 482-910-375.') : null;
    res.status(raw ? 422 : 200).type('html').send(lookupPage(lang, raw, msg));
  });

  r.get('/tra-cuu/:code', async (req, res) => {
    const lang = langOf(req);
    try {
      const report = await lookupPublicReport(ctx, String(req.params.code));
      res.set('Cache-Control', 'no-store').type('html').send(reportPage(lang, report, req.query.moi === '1', ratingNoticeOf(req.query.danhgia)));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status).type('html').send(lookupPage(lang, String(req.params.code), lang === 'vi' ? 'Không tìm thấy phản ánh với mã này.' : 'No report has this code.'));
    }
  });
  return r;
}
