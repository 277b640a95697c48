/**
 * Report categories (lĩnh vực) for administrators: all of them, inactive too.
 * A category is switched off rather than deleted — reports, deadline policies
 * and routing rules refer to it — and its code never changes.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { categories } from '../../db/schema/index.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { bumpCatalogVersion } from '../catalog/catalog.service.js';
import { SETTINGS_MESSAGES as M, type CategoryCreateInput, type CategoryPatchInput } from './settings.schemas.js';
import { audit } from './units.tree.js';

export type AdminCategory = typeof categories.$inferSelect;

const view = (c: AdminCategory): AdminCategory => ({ ...c });

export async function listCategories(db: Db): Promise<{ items: AdminCategory[] }> {
  const rows = await db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.id));
  return { items: rows.map(view) };
}

export async function createCategory(db: Db, user: AuthUser, input: CategoryCreateInput): Promise<AdminCategory> {
  return db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const [taken] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.code, input.code)).limit(1);
    if (taken) throw new ValidationError({ code: M.codeTaken });
    const [last] = await tx.select({ max: sql<number | null>`max(${categories.sortOrder})` }).from(categories);
    const sortOrder = input.sortOrder ?? (last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1);
    const [row] = await tx.insert(categories).values({ ...input, sortOrder }).returning();
    await audit(tx, user.id, 'category.create', { type: 'category', id: row!.id }, { ...input, sortOrder });
    return view(row!);
  });
}

export async function updateCategory(db: Db, user: AuthUser, id: number, patch: CategoryPatchInput): Promise<AdminCategory> {
  return db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const [before] = await tx.select().from(categories).where(eq(categories.id, id)).for('update');
    if (!before) throw new NotFoundError('Không tìm thấy lĩnh vực / Category not found');
    const [after] = Object.keys(patch).length > 0 ? await tx.update(categories).set(patch).where(eq(categories.id, id)).returning() : [before];
    const changes: Record<string, unknown> = {};
    for (const k of Object.keys(patch) as (keyof CategoryPatchInput)[]) {
      if (before[k] !== after![k]) changes[k] = { from: before[k], to: after![k] };
    }
    if (Object.keys(changes).length > 0) await audit(tx, user.id, 'category.update', { type: 'category', id }, { code: before.code, ...changes });
    return view(after!);
  });
}
