/** Small helpers shared by integration tests. */
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { inboundEvents, reports } from '../../src/db/schema/index.js';
import { waitFor } from './wait.js';

export const validReport = (over: Record<string, unknown> = {}) => ({
  commune: 'TRAPHU', category: 'giao-thong', description: 'Đường vào thôn 3 bị sạt lở, xe máy không qua được', consent: true, ...over,
});

export async function countRows(db: Db, table: typeof reports | typeof inboundEvents): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row?.n ?? 0);
}

export async function waitForReport(db: Db, code: string, timeout = 15_000) {
  return waitFor(async () => (await db.select().from(reports).where(eq(reports.code, code)))[0], { timeout, what: `report ${code}` });
}
