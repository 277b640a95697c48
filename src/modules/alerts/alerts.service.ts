/**
 * What administrators must act on: the open admin alerts (a Zalo token that
 * could not be refreshed, …), the state of each channel without its secrets,
 * and re-entering the Zalo OA token pair after the OA was re-authorised (the
 * stored pair wins over the environment once it exists, so this is the only
 * way to replace a dead refresh token without touching the database).
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { adminAlerts, auditLog, channelCredentials } from '../../db/schema/index.js';
import { ZALO_CREDENTIALS_PROVIDER } from '../../channels/zalo-oa/zalo.config.js';
import { TOKEN_ALERT_KIND } from '../../channels/zalo-oa/zalo.tokens.js';
import { NotFoundError } from '../../lib/errors.js';

export interface AlertView {
  id: number; kind: string; severity: 'info' | 'warning' | 'critical'; messageVi: string; messageEn: string;
  createdAt: string; resolvedAt: string | null; data: Record<string, unknown> | null;
}

/** Open alerts first (newest first), then the most recent resolved ones. */
export async function listAlerts(db: Db, opts: { includeResolved: boolean; limit: number }): Promise<AlertView[]> {
  const rows = await db.select().from(adminAlerts)
    .where(opts.includeResolved ? undefined : isNull(adminAlerts.resolvedAt))
    .orderBy(sql`${adminAlerts.resolvedAt} is null desc`, desc(adminAlerts.createdAt))
    .limit(opts.limit);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, severity: r.severity, messageVi: r.messageVi, messageEn: r.messageEn,
    createdAt: r.createdAt.toISOString(), resolvedAt: r.resolvedAt?.toISOString() ?? null, data: r.data ?? null,
  }));
}

export async function resolveAlert(db: Db, id: number, actorUserId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.update(adminAlerts).set({ resolvedAt: new Date() })
      .where(and(eq(adminAlerts.id, id), isNull(adminAlerts.resolvedAt))).returning({ id: adminAlerts.id, kind: adminAlerts.kind });
    if (!row) {
      const [exists] = await tx.select({ id: adminAlerts.id }).from(adminAlerts).where(eq(adminAlerts.id, id));
      if (!exists) throw new NotFoundError('Không tìm thấy cảnh báo / Alert not found');
      return; // already resolved: nothing to do
    }
    await tx.insert(auditLog).values({ userId: actorUserId, action: 'alert.resolved', targetType: 'admin_alert', targetId: String(id), data: { kind: row.kind } });
  });
}

export interface ZaloCredentialsView {
  configured: boolean; hasAccessToken: boolean; hasRefreshToken: boolean;
  accessExpiresAt: string | null; refreshExpiresAt: string | null; updatedAt: string | null;
  lastError: string | null; lastErrorAt: string | null;
}

/** The Zalo OA token pair's state; never the tokens themselves. */
export async function zaloCredentials(db: Db): Promise<ZaloCredentialsView> {
  const [r] = await db.select().from(channelCredentials).where(eq(channelCredentials.provider, ZALO_CREDENTIALS_PROVIDER));
  return {
    configured: !!r, hasAccessToken: !!r?.accessToken, hasRefreshToken: !!r?.refreshToken,
    accessExpiresAt: r?.accessExpiresAt?.toISOString() ?? null, refreshExpiresAt: r?.refreshExpiresAt?.toISOString() ?? null,
    updatedAt: r?.updatedAt.toISOString() ?? null, lastError: r?.lastError ?? null, lastErrorAt: r?.lastErrorAt?.toISOString() ?? null,
  };
}

const ACCESS_TTL_S = 25 * 3600;
const REFRESH_TTL_MS = 90 * 24 * 3600 * 1000;

/**
 * Store a new token pair (from the OA's re-authorisation), under the same row
 * lock the refresh takes, so a refresh in flight in another process cannot
 * overwrite it with a pair rotated from the dead token. Without an access
 * token, the next send refreshes with the new refresh token first.
 */
export async function replaceZaloTokens(
  db: Db, input: { refreshToken: string; accessToken?: string | undefined; accessExpiresInS?: number | undefined }, actorUserId: number,
): Promise<ZaloCredentialsView> {
  const now = new Date();
  const values = {
    refreshToken: input.refreshToken,
    accessToken: input.accessToken ?? null,
    // No access token: mark it due at once, so the next use refreshes.
    accessExpiresAt: input.accessToken ? new Date(now.getTime() + (input.accessExpiresInS ?? ACCESS_TTL_S) * 1000) : now,
    refreshExpiresAt: new Date(now.getTime() + REFRESH_TTL_MS),
    updatedAt: now, lastError: null, lastErrorAt: null,
  };
  await db.transaction(async (tx) => {
    await tx.insert(channelCredentials).values({ provider: ZALO_CREDENTIALS_PROVIDER, ...values }).onConflictDoNothing();
    await tx.select({ p: channelCredentials.provider }).from(channelCredentials).where(eq(channelCredentials.provider, ZALO_CREDENTIALS_PROVIDER)).for('update');
    await tx.update(channelCredentials).set(values).where(eq(channelCredentials.provider, ZALO_CREDENTIALS_PROVIDER));
    await tx.update(adminAlerts).set({ resolvedAt: now }).where(and(eq(adminAlerts.kind, TOKEN_ALERT_KIND), isNull(adminAlerts.resolvedAt)));
    // Which fields were given, never their values.
    await tx.insert(auditLog).values({
      userId: actorUserId, action: 'channel.zalo_tokens_replaced', targetType: 'channel', targetId: ZALO_CREDENTIALS_PROVIDER,
      data: { accessToken: !!input.accessToken },
    });
  });
  return zaloCredentials(db);
}
