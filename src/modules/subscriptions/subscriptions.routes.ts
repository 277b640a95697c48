/**
 * POST /api/subscriptions/import (multipart: `unitCode`, `file` = CSV): an
 * officer's list of subscribers with the consent of each (docs/API.md
 * "Notices"). Any role, for a unit within the caller's scope. A file with any
 * row lacking consent is refused whole: 422 with one entry per line in `lines`.
 */
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import type { AppContext } from '../../context.js';
import { parseInput } from '../../http/validate.js';
import { ValidationError } from '../../lib/errors.js';
import { authOf, requireAuth, requireCsrf } from '../auth/auth.middleware.js';
import { unitInScope } from '../auth/scope.js';
import { loadCatalog } from '../catalog/catalog.service.js';
import { importFieldsSchema, NOTICE_MESSAGES } from '../notices/notices.schemas.js';
import { importSubscribers } from './import.service.js';

const MAX_FILE = 5 * 1024 * 1024;
const upload = multer({ storage: multer.memoryStorage(), limits: { files: 1, fileSize: MAX_FILE, fields: 5, fieldSize: 1024, parts: 8 } });

const csvUpload: RequestHandler = (req, res, next) => {
  upload.single('file')(req, res, (err: unknown) => {
    if (err) next(new ValidationError({ file: NOTICE_MESSAGES.file }));
    else next();
  });
};

export function subscriptionRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/api/subscriptions/import', requireAuth, requireCsrf, csvUpload, async (req, res) => {
    const user = authOf(req).user;
    const { unitCode } = parseInput(importFieldsSchema, req.body, NOTICE_MESSAGES);
    const unit = (await loadCatalog(ctx.database.db)).unitsByCode.get(unitCode);
    if (!unit || !unitInScope(user, unit)) throw new ValidationError({ unitCode: NOTICE_MESSAGES.unitCode });
    if (!req.file) throw new ValidationError({ file: NOTICE_MESSAGES.file });
    const out = await importSubscribers(ctx, user, { id: unit.id, name: unit.name }, req.file.buffer.toString('utf8'));
    if (out.ok) { res.json(out.result); return; }
    res.status(422).json({
      error: {
        code: 'validation_failed',
        message: 'Tệp có dòng không hợp lệ; chưa nhập dòng nào / The file has invalid rows; nothing was imported',
        fields: { file: { vi: `${out.total} lỗi trong tệp; chưa nhập dòng nào. Mỗi dòng phải có số điện thoại, ngày và hình thức đồng ý.`, en: `${out.total} problems in the file; nothing was imported. Every row needs a phone number, a consent date and how consent was given.` } },
        lines: out.errors,
      },
    });
  });
  return r;
}
