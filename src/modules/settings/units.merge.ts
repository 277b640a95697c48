/**
 * Merging a unit into another of the same kind (administrative mergers of
 * communes, departments, districts). The old row is closed — `valid_to`,
 * `superseded_by_id` — never deleted or renamed, so every report keeps the
 * unit it had. What moves to the successor:
 *
 *   - open reports (received, in progress): assigned to the successor, each
 *     with a `transferred` timeline event (data.via = 'merge'), so time is
 *     charged to the successor from now on; deadlines are kept. Answered and
 *     closed reports stay with the closed unit: their history is not rewritten;
 *   - accounts of the unit (their sessions end, as on any change of unit);
 *   - active child units (paths rewritten);
 *   - notice subscriptions (a citizen already subscribed to the successor on
 *     that channel keeps that one; the old one is switched off), contacts'
 *     home unit, canned replies, and routing rules that send to the unit;
 *   - notices not sent yet (awaiting approval or scheduled) that target the
 *     unit: they target the successor instead (its audience now holds the
 *     unit's subscribers and child units; the closed unit's would be empty);
 *   - the triage role, if the closed unit had it.
 *
 * Pass `dryRun` to get the same counts without writing anything.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { cannedReplies, contacts, notices, reportEvents, reports, routingRules, subscriptions, units, users } from '../../db/schema/index.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { SocketControl } from '../../realtime/control.js';
import type { RealtimeEvent } from '../../realtime/rooms.js';
import type { AuthUser } from '../auth/auth.types.js';
import { bumpCatalogVersion } from '../catalog/catalog.service.js';
import { SETTINGS_MESSAGES as M } from './settings.schemas.js';
import { activeUnit, adminUnit, audit, reparent, type AdminUnit, type UnitRow } from './units.tree.js';
import { unitClosed } from './units.service.js';

export interface MergeCounts {
  openReports: number; keptReports: number; users: number; childUnits: number; subscriptions: number;
  subscriptionsSwitchedOff: number; contacts: number; cannedReplies: number; routingRules: number; notices: number;
}
export interface MergeResult { dryRun: boolean; unit: AdminUnit; into: AdminUnit; moved: MergeCounts }

class DryRun extends Error {
  constructor(readonly result: MergeResult) { super('dry run'); }
}

interface Applied { result: MergeResult; userIds: number[]; events: RealtimeEvent[] }

async function checkTarget(tx: Tx, from: UnitRow, intoId: number): Promise<UnitRow> {
  const into = await activeUnit(tx, intoId, { forUpdate: true });
  if (!into) throw new ValidationError({ intoUnitId: M.intoUnitId });
  if (into.id === from.id) throw new ValidationError({ intoUnitId: M.intoSame });
  if (into.kind !== from.kind) throw new ValidationError({ intoUnitId: M.intoKind });
  if (into.path.startsWith(from.path)) throw new ValidationError({ intoUnitId: M.intoBelow });
  return into;
}

async function moveReports(tx: Tx, user: AuthUser, from: UnitRow, into: UnitRow, at: Date): Promise<{ ids: number[]; events: RealtimeEvent[] }> {
  const open = await tx.select({ id: reports.id, code: reports.code }).from(reports)
    .where(and(eq(reports.assignedUnitId, from.id), inArray(reports.status, ['received', 'in_progress']))).for('update');
  if (open.length === 0) return { ids: [], events: [] };
  const ids = open.map((r) => r.id);
  await tx.update(reports).set({ assignedUnitId: into.id, updatedAt: at }).where(inArray(reports.id, ids));
  const reason = `Sáp nhập ${from.name} vào ${into.name}`;
  await tx.insert(reportEvents).values(ids.map((reportId) => ({
    reportId, type: 'transferred', actorKind: 'officer' as const, actorUserId: user.id, unitId: into.id, at,
    data: { fromUnitId: from.id, fromUnitName: from.name, toUnitId: into.id, toUnitName: into.name, reason, via: 'merge' },
  })));
  const events: RealtimeEvent[] = open.map((r) => ({
    event: 'report.transferred', unitPaths: [from.path, into.path], reportId: r.id, data: { code: r.code, fromUnitId: from.id, toUnitId: into.id },
  }));
  return { ids, events };
}

async function moveEverythingElse(tx: Tx, user: AuthUser, from: UnitRow, into: UnitRow) {
  // Accounts: a new epoch ends their sessions (their rooms were joined for the old unit). Not the caller's own.
  const moved = await tx.update(users).set({ unitId: into.id, sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(and(eq(users.unitId, from.id), ne(users.id, user.id))).returning({ id: users.id });
  const self = await tx.update(users).set({ unitId: into.id }).where(and(eq(users.unitId, from.id), eq(users.id, user.id))).returning({ id: users.id });
  const children = await tx.select().from(units).where(and(eq(units.parentId, from.id), isNull(units.validTo)));
  for (const child of children) await reparent(tx, child, into);
  const subs = await tx.update(subscriptions).set({ unitId: into.id, updatedAt: new Date() }).where(and(eq(subscriptions.unitId, from.id),
    sql`not exists (select 1 from ${subscriptions} x where x.contact_id = ${subscriptions.contactId} and x.channel = ${subscriptions.channel} and x.unit_id = ${into.id})`))
    .returning({ id: subscriptions.id });
  const off = await tx.update(subscriptions).set({ active: false, updatedAt: new Date() })
    .where(and(eq(subscriptions.unitId, from.id), eq(subscriptions.active, true))).returning({ id: subscriptions.id });
  const homes = await tx.update(contacts).set({ homeUnitId: into.id }).where(eq(contacts.homeUnitId, from.id)).returning({ id: contacts.id });
  const canned = await tx.update(cannedReplies).set({ unitId: into.id }).where(eq(cannedReplies.unitId, from.id)).returning({ id: cannedReplies.id });
  const rules = await tx.update(routingRules).set({ targetUnitId: into.id }).where(eq(routingRules.targetUnitId, from.id)).returning({ id: routingRules.id });
  const pending = await tx.update(notices)
    .set({ unitIds: sql`array(select distinct u from unnest(array_replace(${notices.unitIds}, ${from.id}::int, ${into.id}::int)) as u order by u)`, updatedAt: new Date() })
    .where(and(inArray(notices.status, ['pending_approval', 'scheduled']), sql`${from.id}::int = any(${notices.unitIds})`)).returning({ id: notices.id });
  return {
    userIds: moved.map((u) => u.id), users: moved.length + self.length, childUnits: children.length,
    subscriptions: subs.length, subscriptionsSwitchedOff: off.length, contacts: homes.length, cannedReplies: canned.length, routingRules: rules.length,
    notices: pending.length,
  };
}

async function apply(tx: Tx, user: AuthUser, id: number, intoId: number, dryRun: boolean): Promise<Applied> {
  await bumpCatalogVersion(tx);
  const [from] = await tx.select().from(units).where(eq(units.id, id)).for('update');
  if (!from) throw new NotFoundError('Không tìm thấy đơn vị / Unit not found');
  if (from.validTo !== null) throw unitClosed();
  const into = await checkTarget(tx, from, intoId);
  const at = new Date();
  const movedReports = await moveReports(tx, user, from, into, at);
  const [kept] = await tx.select({ n: sql<number>`count(*)::int` }).from(reports).where(eq(reports.assignedUnitId, from.id));
  const rest = await moveEverythingElse(tx, user, from, into);
  const [closed] = await tx.update(units).set({ validTo: at, supersededById: into.id }).where(eq(units.id, from.id)).returning();
  const [successor] = from.isTriage && !into.isTriage
    ? await tx.update(units).set({ isTriage: true }).where(eq(units.id, into.id)).returning() : [into];
  const { userIds, ...counts } = rest;
  const moved: MergeCounts = { openReports: movedReports.ids.length, keptReports: Number(kept?.n ?? 0), ...counts };
  const names = new Map([[into.id, into.name]]);
  const result: MergeResult = { dryRun, unit: adminUnit(closed!, names), into: adminUnit(successor!), moved };
  if (dryRun) throw new DryRun(result);
  await audit(tx, user.id, 'unit.merge', { type: 'unit', id: from.id }, { intoUnitId: into.id, fromName: from.name, intoName: into.name, ...moved });
  return { result, userIds, events: movedReports.events };
}

export async function mergeUnit(ctx: AppContext, control: SocketControl, user: AuthUser, id: number, input: { intoUnitId: number; dryRun: boolean }): Promise<MergeResult> {
  let applied: Applied;
  try {
    applied = await ctx.database.db.transaction((tx) => apply(tx, user, id, input.intoUnitId, input.dryRun));
  } catch (err) {
    if (err instanceof DryRun) return err.result;
    throw err;
  }
  ctx.publisher.publish(applied.events);
  // Sockets of moved accounts, on every api instance: their rooms were the old unit's.
  for (const userId of applied.userIds) control.disconnectUser(userId);
  return applied.result;
}
