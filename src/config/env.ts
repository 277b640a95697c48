/**
 * The one place environment variables are read. Parsed once at start with zod;
 * a bad value stops the process with every problem listed (STYLE.md rule 7).
 * Names are fixed by DESIGN.md's external contract.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const optionalUrl = z.string().url().optional().or(z.literal('').transform(() => undefined));

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optionalUrl,
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).default('caunoi'),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000'),
  SESSION_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_MODE: bool,
  /** Seconds between reconciler sweeps of PostgreSQL for work with no job in Redis. */
  RECONCILE_INTERVAL_S: z.coerce.number().positive().default(5),
  /** Seconds between refreshes of the weekly statistics rollups (src/modules/stats/rollup.ts). */
  ROLLUP_INTERVAL_S: z.coerce.number().positive().default(30),
  /** BullMQ lock duration: how soon a job of a killed worker is handed to another. */
  JOB_LOCK_MS: z.coerce.number().int().positive().default(30_000),
  /** Public form: submissions per client IP per 10 minutes. */
  PUBLIC_RATE_LIMIT: z.coerce.number().int().positive().default(20),
  TRUST_PROXY: z.string().default('loopback'),

  ZALO_APP_ID: z.string().optional(),
  ZALO_APP_SECRET: z.string().optional(),
  ZALO_OA_SECRET_KEY: z.string().optional(),
  ZALO_API_BASE_URL: z.string().url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE_URL: z.string().url().default('https://oauth.zaloapp.com'),
  ZNS_API_BASE_URL: z.string().url().default('https://business.openapi.zalo.me'),
  ZALO_ACCESS_TOKEN: z.string().optional(),
  ZALO_REFRESH_TOKEN: z.string().optional(),

  SMS_PROVIDER: z.enum(['esms', 'speedsms', 'twilio']).optional(),
  ESMS_API_BASE_URL: z.string().url().default('https://rest.esms.vn'),
  ESMS_API_KEY: z.string().optional(),
  ESMS_SECRET_KEY: z.string().optional(),
  ESMS_BRANDNAME: z.string().optional(),
  ESMS_MO_PRIVATE_KEY: z.string().optional(),
  SPEEDSMS_API_BASE_URL: z.string().url().default('https://api.speedsms.vn'),
  SPEEDSMS_ACCESS_TOKEN: z.string().optional(),
  TWILIO_API_BASE_URL: z.string().url().default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  SMS_WEBHOOK_TOKEN: z.string().optional(),
  /** Send SMS "không dấu" (GSM-7, 160 chars) rather than with diacritics (UCS-2, 70 chars); CHANNELS.md §5.2. */
  SMS_UNACCENTED: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  /** A long SMS answer is split into at most this many separately sent messages. */
  SMS_MAX_PARTS: z.coerce.number().int().min(1).max(20).default(8),
  /** Outbound SMS rate limit (provider requests per window); unset = the provider's default (SpeedSMS 60/min). */
  SMS_RATE_LIMIT_MAX: z.coerce.number().int().positive().optional(),
  SMS_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
  /** Outbound Zalo rate limit; the OA API allows 4000 requests/minute (CHANNELS.md §2.7, UNVERIFIED). */
  ZALO_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(3000),
  ZALO_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
  /** Quiet hours (Asia/Ho_Chi_Minh) for non-urgent automated messages, "HH:MM-HH:MM"; "off" disables. */
  QUIET_HOURS: z.string().regex(/^(off|\d{2}:\d{2}-\d{2}:\d{2})$/).default('22:00-06:00'),
  /** eSMS `SmsType`: 2 = brandname customer care (needs ESMS_BRANDNAME), 8 = fixed number without brandname. */
  ESMS_SMS_TYPE: z.string().regex(/^\d+$/).default('2'),
  /** eSMS `Sandbox=1`: validated and charged nothing, never delivered (staging). */
  ESMS_SANDBOX: bool,
  /**
   * Query parameters whose values, concatenated in this order and followed by ESMS_MO_PRIVATE_KEY,
   * are MD5-hashed into the MO `sign`. UNVERIFIED (CHANNELS.md §4.1): confirm with eSMS on the first live MO.
   */
  ESMS_MO_SIGN_FIELDS: z.string().default('cpid,smsid,content,receiverTime'),
  /** SpeedSMS `sms_type` (2 = brandname customer care; other values UNVERIFIED, CHANNELS.md §4.2) and brandname. */
  SPEEDSMS_SMS_TYPE: z.coerce.number().int().default(2),
  SPEEDSMS_SENDER: z.string().optional(),
  /** Demo phone: how long the simulated gateway waits before reporting a message delivered. */
  DEMO_SMS_DELIVERY_DELAY_MS: z.coerce.number().int().min(0).default(1500),

  /**
   * Zalo webhook replay window: reject an event whose body `timestamp` (epoch ms) is further than
   * this many seconds from now; 0 turns the check off. Zalo's retry schedule is UNVERIFIED
   * (CHANNELS.md §1.5: up to 12 h, or 30 s … 1 h), so the default keeps a day of retries.
   */
  ZALO_SIGNATURE_MAX_SKEW_S: z.coerce.number().int().min(0).default(86_400),
  /** UNVERIFIED community variant (CHANNELS.md §1.3): also accept a mac whose first term is the OA id; logged when used. */
  ZALO_SIGNATURE_ACCEPT_OA_ID: bool,
  /** Refresh the Zalo access token (lifetime 25 h) when less than this many seconds remain: ~20 h into its life. */
  ZALO_TOKEN_REFRESH_MARGIN_S: z.coerce.number().int().min(0).default(5 * 3600),
  /** Timeout of one call to the Zalo Open API / OAuth server. */
  ZALO_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Attachment downloads: hosts allowed even on private/loopback addresses, comma-separated (tests: 127.0.0.1). */
  ATTACHMENT_ALLOW_HOSTS: z.string().default(''),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  ATTACHMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  // Notices (issue 6, src/modules/notices/).
  /** A notice whose estimated recipients exceed this needs a second leader's approval before it goes. */
  NOTICE_APPROVAL_THRESHOLD: z.coerce.number().int().min(0).default(500),
  /** Emergency alerts still reach citizens who opted out (set false if your legal review says otherwise). */
  NOTICE_EMERGENCY_OVERRIDES_OPT_OUT: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  /** Recipients inserted and enqueued per fan-out batch. */
  NOTICE_FANOUT_BATCH: z.coerce.number().int().min(10).max(10_000).default(1000),
  /** Approved ZNS template for notices (params `title`, `unit`, `content`); unset = no ZNS (CHANNELS.md §3). */
  ZNS_NOTICE_TEMPLATE_ID: z.string().optional(),
  /** ZNS send rate (requests per window); Zalo publishes a daily quota, not a rate (UNVERIFIED). */
  ZNS_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(300),
  ZNS_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
  /** An open report with no officer action for this many working hours is flagged as stuck (src/modules/sla/stuck.ts). */
  SLA_STUCK_HOURS: z.coerce.number().positive().default(16),
});

export type Env = z.infer<typeof envSchema>;

/** Parse an environment; throws one error naming every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;
/** The process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
