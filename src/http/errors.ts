/**
 * JSON errors {error:{code,message,fields?}} with a fitting status; never a stack.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../lib/errors.js';
import { logger } from '../lib/logger.js';

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'Không tìm thấy / Not found' } });
};

interface HttpishError { status?: number; statusCode?: number; type?: string; code?: string; message?: string }

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof AppError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
    return;
  }
  const e = (err ?? {}) as HttpishError;
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'invalid_json', message: 'Dữ liệu gửi lên không phải JSON hợp lệ / Malformed JSON body' } });
    return;
  }
  if (e.type === 'entity.too.large') {
    res.status(413).json({ error: { code: 'too_large', message: 'Dữ liệu gửi lên quá lớn / Request body too large' } });
    return;
  }
  const status = e.status ?? e.statusCode;
  if (status && status >= 400 && status < 500) {
    res.status(status).json({ error: { code: 'bad_request', message: 'Yêu cầu không hợp lệ / Bad request' } });
    return;
  }
  logger.error({ err: e.message, path: req.path }, 'unhandled error');
  res.status(500).json({ error: { code: 'internal', message: 'Lỗi hệ thống, vui lòng thử lại / Internal error, please retry' } });
};
