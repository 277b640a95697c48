/**
 * The Zalo OA token pair, kept in channel_credentials (CHANNELS.md §2.6).
 *
 * - Access token lives 25 h; refresh token ~3 months, SINGLE-USE, rotated by
 *   every refresh. Losing the new refresh token means an OA admin must
 *   re-consent in a browser, so the new pair is committed BEFORE it is used.
 * - Single flight across processes: a refresh runs in a transaction holding
 *   `SELECT … FOR UPDATE` on the row, and re-reads it after acquiring the lock;
 *   if another process refreshed meanwhile, its token is used and no OAuth call
 *   is made. Within one process concurrent callers share one promise.
 * - Refresh proactively when less than ZALO_TOKEN_REFRESH_MARGIN_S remain
 *   (~20 h), or when the API rejects the token (-216/-220).
 * - A failed refresh records last_error and opens an admin alert (one open
 *   alert per kind); the next successful refresh resolves it.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { adminAlerts, channelCredentials } from '../../db/schema/index.js';
import { PermanentError, RetryableError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { ZALO_CREDENTIALS_PROVIDER as PROVIDER, type ZaloConfig } from './zalo.config.js';
import { zaloFetch } from './zalo.http.js';

export const TOKEN_ALERT_KIND = 'zalo_token_refresh_failed';
const DEFAULT_ACCESS_TTL_S = 25 * 3600;
const REFRESH_TTL_MS = 90 * 24 * 3600 * 1000;

type Row = typeof channelCredentials.$inferSelect;
interface NewPair { accessToken: string; refreshToken: string; accessExpiresAt: Date; refreshExpiresAt: Date }
type RefreshOutcome = { ok: true; token: string } | { ok: false; error: string; retryable: boolean; code?: string };

export class ZaloTokenStore {
  private inflight: Promise<string> | null = null;

  constructor(private readonly db: Db, private readonly cfg: ZaloConfig, private readonly now: () => Date = () => new Date()) {}

  /** A usable access token, refreshed first when it is close to expiry. */
  async accessToken(): Promise<string> {
    const row = await this.row();
    if (!row.accessToken) return this.refresh();
    if (this.isDue(row)) return this.refresh().catch((err: unknown) => {
      // Not expired (or expiry unknown): use it; the next call retries the refresh, -216 forces one.
      if (!row.accessExpiresAt || row.accessExpiresAt > this.now()) return row.accessToken as string;
      throw err;
    });
    return row.accessToken;
  }

  /**
   * Refresh. With `rejected` (the token the API just refused), refresh only if
   * the stored token is still that one; without it, only if it is due.
   */
  refresh(rejected?: string): Promise<string> {
    this.inflight ??= this.refreshLocked(rejected).finally(() => { this.inflight = null; });
    return this.inflight;
  }

  /**
   * Time to refresh: less than the margin left; or, for a token of unknown expiry
   * (seeded from the environment), once it is as old as a 25 h token would be at that point.
   */
  private isDue(row: Row): boolean {
    const margin = this.cfg.tokenRefreshMarginS * 1000;
    const now = this.now().getTime();
    if (!row.accessExpiresAt) return now - row.updatedAt.getTime() >= DEFAULT_ACCESS_TTL_S * 1000 - margin;
    return row.accessExpiresAt.getTime() - now <= margin;
  }

  /**
   * Keep-alive for quiet periods: refresh if due even when nothing is being
   * sent, so the refresh token (3 months) never lapses unused. True if it refreshed.
   */
  async refreshIfDue(): Promise<boolean> {
    const row = await this.row().catch(() => null);
    if (!row?.refreshToken || !this.isDue(row)) return false;
    await this.refresh();
    return true;
  }

  /** The credentials row, seeded from ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN when there is none. */
  async row(): Promise<Row> {
    const [found] = await this.db.select().from(channelCredentials).where(eq(channelCredentials.provider, PROVIDER));
    if (found) return found;
    if (!this.cfg.initialAccessToken && !this.cfg.initialRefreshToken) throw new PermanentError('zalo credentials not configured', 'not_configured');
    await this.db.insert(channelCredentials).values({
      provider: PROVIDER, accessToken: this.cfg.initialAccessToken ?? null, refreshToken: this.cfg.initialRefreshToken ?? null,
    }).onConflictDoNothing();
    const [seeded] = await this.db.select().from(channelCredentials).where(eq(channelCredentials.provider, PROVIDER));
    if (!seeded) throw new Error('credentials row vanished');
    return seeded;
  }

  private async refreshLocked(rejected?: string): Promise<string> {
    await this.row(); // seed if needed, outside the locking transaction
    const outcome = await this.db.transaction(async (tx): Promise<RefreshOutcome> => {
      const [row] = await tx.select().from(channelCredentials).where(eq(channelCredentials.provider, PROVIDER)).for('update');
      if (!row) return { ok: false, error: 'no credentials row', retryable: false, code: 'not_configured' };
      const stillSame = rejected === undefined ? this.isDue(row) || !row.accessToken : row.accessToken === rejected;
      if (!stillSame && row.accessToken) return { ok: true, token: row.accessToken }; // refreshed by someone else
      if (!row.refreshToken) return this.fail(tx, 'no refresh token', false);
      let pair: NewPair;
      try {
        pair = await this.callOAuth(row.refreshToken);
      } catch (err) {
        return this.fail(tx, (err as Error).message, err instanceof RetryableError, (err as PermanentError).providerCode);
      }
      // Commit the rotated pair (the old refresh token is dead now) before anyone uses it.
      await tx.update(channelCredentials).set({ ...pair, updatedAt: this.now(), lastError: null, lastErrorAt: null })
        .where(eq(channelCredentials.provider, PROVIDER));
      await tx.update(adminAlerts).set({ resolvedAt: this.now() }).where(and(eq(adminAlerts.kind, TOKEN_ALERT_KIND), isNull(adminAlerts.resolvedAt)));
      return { ok: true, token: pair.accessToken };
    });
    if (outcome.ok) { logger.info('zalo access token refreshed'); return outcome.token; }
    logger.error({ reason: outcome.error }, 'zalo token refresh failed');
    // A rejected refresh token may be fixed by an administrator within the job's retries; no config cannot.
    if (outcome.code === 'not_configured') throw new PermanentError('zalo token refresh impossible: not configured', 'not_configured');
    throw new RetryableError(`zalo token refresh failed: ${outcome.error}`, outcome.retryable ? 'token_refresh' : 'token_refresh_rejected');
  }

  private async callOAuth(refreshToken: string): Promise<NewPair> {
    if (!this.cfg.appId || !this.cfg.appSecret) throw new PermanentError('zalo app id/secret not configured', 'not_configured');
    const res = await zaloFetch(`${this.cfg.oauthBaseUrl}/v4/oa/access_token`, {
      method: 'POST',
      // Official PHP SDK OAuth2Client: form-encoded body, app secret in a `secret_key` header.
      headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.cfg.appSecret },
      body: new URLSearchParams({ refresh_token: refreshToken, app_id: this.cfg.appId, grant_type: 'refresh_token' }).toString(),
    }, this.cfg.httpTimeoutMs);
    const b = res.body;
    if (res.error !== 0 || typeof b.access_token !== 'string' || typeof b.refresh_token !== 'string') {
      const name = typeof b.error_name === 'string' ? b.error_name : res.message;
      throw new PermanentError(`oauth error ${res.error}${name ? ` (${name.slice(0, 100)})` : ''}`, String(res.error));
    }
    // expires_in is a string in Zalo's answers ("90000" s = 25 h).
    const ttl = Number(b.expires_in);
    const now = this.now().getTime();
    const refreshTtl = Number(b.refresh_token_expires_in);
    return {
      accessToken: b.access_token,
      refreshToken: b.refresh_token,
      accessExpiresAt: new Date(now + (Number.isFinite(ttl) && ttl > 0 ? ttl : DEFAULT_ACCESS_TTL_S) * 1000),
      refreshExpiresAt: new Date(now + (Number.isFinite(refreshTtl) && refreshTtl > 0 ? refreshTtl * 1000 : REFRESH_TTL_MS)),
    };
  }

  /** Record the failure and open an alert for administrators, in the locked transaction. */
  private async fail(tx: Tx, error: string, retryable: boolean, code?: string): Promise<RefreshOutcome> {
    const at = this.now();
    await tx.update(channelCredentials).set({ lastError: error.slice(0, 500), lastErrorAt: at }).where(eq(channelCredentials.provider, PROVIDER));
    const [open] = await tx.select({ id: adminAlerts.id }).from(adminAlerts)
      .where(and(eq(adminAlerts.kind, TOKEN_ALERT_KIND), isNull(adminAlerts.resolvedAt))).limit(1);
    const data = { provider: PROVIDER, error: error.slice(0, 200), at: at.toISOString() };
    if (open) await tx.update(adminAlerts).set({ data }).where(eq(adminAlerts.id, open.id));
    else {
      await tx.insert(adminAlerts).values({
        kind: TOKEN_ALERT_KIND, severity: 'critical', data,
        messageVi: 'Không làm mới được mã truy cập Zalo OA. Tin nhắn Zalo sẽ không gửi được cho đến khi quản trị viên cấp quyền lại cho ứng dụng.',
        messageEn: 'The Zalo OA access token could not be refreshed. Zalo messages cannot be sent until an administrator re-authorises the app.',
      });
    }
    return { ok: false, error, retryable, ...(code ? { code } : {}) };
  }
}
