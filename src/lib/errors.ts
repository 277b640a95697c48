/**
 * Typed errors. Each carries a stable code mapped to an HTTP status; user
 * errors carry field messages in Vietnamese and English (STYLE.md rule 8).
 */
export type FieldMessages = Record<string, { vi: string; en: string }>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldMessages,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldMessages, message = 'Dữ liệu không hợp lệ / Invalid input') {
    super(422, 'validation_failed', message, fields);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Không tìm thấy / Not found') {
    super(404, 'not_found', message);
  }
}

export class UnavailableError extends AppError {
  constructor(message = 'Hệ thống tạm thời không sẵn sàng, vui lòng thử lại / Temporarily unavailable, please retry') {
    super(503, 'unavailable', message);
  }
}

/** A provider failure that is worth retrying (network, 5xx, 429, rate limit). */
export class RetryableError extends Error {
  constructor(message: string, readonly providerCode?: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'RetryableError';
  }
}

/** A provider failure that will not succeed on retry (bad number, blocked user, rejected template). */
export class PermanentError extends Error {
  constructor(message: string, readonly providerCode?: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** The channel cannot reach this citizen now (Zalo window closed, user blocked): try another channel. */
export class OutsideWindowError extends PermanentError {
  constructor(message: string, providerCode?: string) {
    super(message, providerCode);
    this.name = 'OutsideWindowError';
  }
}
