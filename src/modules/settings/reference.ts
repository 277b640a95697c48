/**
 * Reference data a fresh deployment needs before the first report: the
 * standard categories (src/db/seed.ts CATEGORIES) and a default deadline
 * policy per priority. Only what is missing is added; categories an
 * administrator renamed or switched off are left as they are.
 */
import type { DbOrTx } from '../../db/client.js';
import { CATEGORIES } from '../../db/seed.js';
import { categories } from '../../db/schema/index.js';
import { seedDefaultPolicies } from '../sla/sla-config.repo.js';

/** Returns how many categories were added. */
export async function ensureReferenceData(tx: DbOrTx): Promise<number> {
  let added = 0;
  for (const [i, c] of CATEGORIES.entries()) {
    const rows = await tx.insert(categories).values({ ...c, sortOrder: i }).onConflictDoNothing({ target: categories.code }).returning({ id: categories.id });
    added += rows.length;
  }
  await seedDefaultPolicies(tx);
  return added;
}
