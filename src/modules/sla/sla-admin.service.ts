/**
 * Administrator settings of the SLA: deadline policies and the calendar of
 * days off and make-up working days. Changes apply to deadlines set from now
 * on (a report keeps the deadline it was given); every change is audited and
 * bumps the catalog stamp, so intake's copy of both (sla-config.repo.ts) is
 * replaced before the next report is routed, in every process.
 */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog, calendarDays, categories, slaPolicies } from '../../db/schema/index.js';
import { publicHolidays } from '../../domain/holidays.js';
import { workingDays } from '../../domain/working-time.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { AuthUser } from '../auth/auth.types.js';
import { bumpCatalogVersion } from '../catalog/catalog.service.js';
import { SLA_MESSAGES, type PolicyInput } from './sla.schemas.js';

const HOUR_MS = 3_600_000;
const key = (p: { categoryId: number | null; priority: string }) => `${p.categoryId ?? 0}:${p.priority}`;

export async function listPolicies(db: Db) {
  const rows = await db.select({ p: slaPolicies, code: categories.code, nameVi: categories.nameVi, nameEn: categories.nameEn })
    .from(slaPolicies).leftJoin(categories, eq(categories.id, slaPolicies.categoryId))
    .orderBy(sql`${slaPolicies.categoryId} nulls first`, asc(slaPolicies.priority));
  return {
    workingDayMs: workingDays(1),
    items: rows.map(({ p, code, nameVi, nameEn }) => ({
      id: p.id, categoryId: p.categoryId, category: code ? { code, nameVi: nameVi ?? '', nameEn: nameEn ?? '' } : null, priority: p.priority,
      ackWithinMs: p.ackWithinMs, resolveWithinMs: p.resolveWithinMs,
      ackWithinHours: p.ackWithinMs / HOUR_MS, resolveWithinHours: p.resolveWithinMs / HOUR_MS,
      warnShare: p.warnShare, onTransfer: p.onTransfer, updatedAt: p.updatedAt.toISOString(),
    })),
  };
}

/** Replace the set: rows are matched by (category, priority), so policy ids of unchanged keys stay. */
export async function replacePolicies(db: Db, user: AuthUser, items: PolicyInput[]) {
  const catIds = [...new Set(items.map((p) => p.categoryId).filter((x): x is number => x !== null))];
  if (catIds.length > 0) {
    const found = await db.select({ id: categories.id }).from(categories).where(inArray(categories.id, catIds));
    if (found.length !== catIds.length) throw new ValidationError({ categoryId: SLA_MESSAGES.categoryId });
  }
  await db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const existing = await tx.select().from(slaPolicies).for('update');
    const byKey = new Map(existing.map((p) => [key(p), p]));
    const now = new Date();
    for (const p of items) {
      const values = { ...p, updatedByUserId: user.id, updatedAt: now };
      const old = byKey.get(key(p));
      if (old) await tx.update(slaPolicies).set(values).where(eq(slaPolicies.id, old.id));
      else await tx.insert(slaPolicies).values(values);
    }
    const keep = new Set(items.map(key));
    const gone = existing.filter((p) => !keep.has(key(p))).map((p) => p.id);
    if (gone.length > 0) await tx.delete(slaPolicies).where(inArray(slaPolicies.id, gone));
    await tx.insert(auditLog).values({ userId: user.id, action: 'sla.policies_update', targetType: 'sla_policies', data: { count: items.length, removed: gone.length } });
  });
  return listPolicies(db);
}

export async function listCalendar(db: Db, year: number) {
  const rows = await db.select().from(calendarDays)
    .where(and(gte(calendarDays.date, `${year}-01-01`), lt(calendarDays.date, `${year + 1}-01-01`))).orderBy(asc(calendarDays.date));
  return {
    year,
    items: rows.map((r) => ({ date: r.date, kind: r.kind, note: r.note })),
    holidays: publicHolidays(year).map((h) => ({ date: h.date, nameVi: h.name_vi, nameEn: h.name_en })),
  };
}

export async function putCalendarDay(db: Db, user: AuthUser, d: { date: string; kind: 'day_off' | 'make_up'; note: string }) {
  await db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    await tx.insert(calendarDays).values({ ...d, createdByUserId: user.id })
      .onConflictDoUpdate({ target: calendarDays.date, set: { kind: d.kind, note: d.note, createdByUserId: user.id, createdAt: new Date() } });
    await tx.insert(auditLog).values({ userId: user.id, action: 'calendar.update', targetType: 'calendar_day', targetId: d.date, data: { kind: d.kind } });
  });
  return { date: d.date, kind: d.kind, note: d.note };
}

export async function deleteCalendarDay(db: Db, user: AuthUser, date: string): Promise<void> {
  await db.transaction(async (tx) => {
    await bumpCatalogVersion(tx);
    const gone = await tx.delete(calendarDays).where(eq(calendarDays.date, date)).returning({ date: calendarDays.date });
    if (gone.length === 0) throw new NotFoundError();
    await tx.insert(auditLog).values({ userId: user.id, action: 'calendar.delete', targetType: 'calendar_day', targetId: date });
  });
}
