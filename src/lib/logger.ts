/**
 * pino logger. Personal data never reaches logs (DESIGN.md invariant 6): the
 * redact list removes phone numbers, names, message text and secrets wherever
 * they appear in a logged object, and callers log ids, not content.
 */
import { pino, type Logger } from 'pino';

const REDACT = [
  'phone', '*.phone', 'name', '*.name', 'text', '*.text', 'description', '*.description',
  'password', '*.password', 'token', '*.token', 'accessToken', 'refreshToken', '*.access_token',
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]',
  'headers.cookie', 'headers.authorization', 'raw', '*.raw', 'body', '*.body',
];

function build(): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { pid: process.pid } });
}

export const logger: Logger = build();
