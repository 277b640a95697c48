/**
 * `npm run demo`: a few hundred past reports of Trà Bồng over the last 120
 * days with full timelines (demo-story.ts), so the dashboard and the public
 * scorecards show real figures from the first start. Metrics are computed by
 * the production code (refreshReportMetrics) from the written timelines.
 * Idempotent: recorded in seed_runs, in the same transaction as the rows.
 * No personal data: contacts are anonymous.
 */
import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { contacts, messages, reportEvents, reportExtensions, reportSla, reports, seedRuns, users } from '../../db/schema/index.js';
import type { DemoIds } from '../../db/seed.js';
import { fold } from '../../domain/text.js';
import { newTrackingCode } from '../../domain/tracking-code.js';
import { ackText } from '../../lib/citizen-text.js';
import { loadCatalog, type Catalog } from '../catalog/catalog.service.js';
import type { Priority, SlaPolicy } from '../../domain/deadlines.js';
import type { WorkCalendar } from '../../domain/working-time.js';
import { refreshMetricsFor } from './metrics.service.js';
import { buildStory, seededRng, type Rng, type Story } from './demo-story.js';
import { loadPolicies, loadWorkCalendar } from './sla-config.repo.js';

export const DEMO_HISTORY_RUN = 'demo-history-v1';
const DAY_MS = 86_400_000;

const TEXTS: Record<string, string[]> = {
  'giao-thong': ['Đường liên thôn bị sạt lở một bên, xe máy đi lại nguy hiểm.', 'Cầu tràn qua suối bị ngập, học sinh không qua được.', 'Mặt đường bê tông thôn 2 bị nứt, có nhiều ổ gà.'],
  'moi-truong': ['Rác thải đổ bừa bãi cạnh suối, bốc mùi hôi.', 'Cơ sở chăn nuôi xả nước thải ra mương thủy lợi.', 'Khói đốt rơm rạ buổi chiều gây khó thở.'],
  'dien-nuoc': ['Cột điện bị nghiêng sau mưa lớn, dây võng thấp.', 'Nước sinh hoạt bị đục nhiều ngày.', 'Đường ống nước tự chảy bị vỡ, cả xóm thiếu nước.'],
  'dat-dai': ['Đề nghị hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất.', 'Tranh chấp ranh giới đất vườn với hộ bên cạnh.', 'Có người lấn chiếm đất hành lang đường.'],
  'an-ninh-trat-tu': ['Thanh niên tụ tập gây ồn ào vào ban đêm.', 'Xe chở gỗ chạy tốc độ cao qua khu dân cư.'],
  'y-te': ['Trạm y tế xã thiếu thuốc cấp phát cho người cao tuổi.', 'Đề nghị phun thuốc phòng sốt xuất huyết.'],
  'chinh-sach': ['Hỏi về chế độ trợ cấp cho người khuyết tật.', 'Gia đình chưa nhận được tiền hỗ trợ hộ nghèo quý này.'],
  'thien-tai': ['Đất đá sạt xuống sát nhà dân sau mưa lớn, cần di dời khẩn cấp.', 'Lũ quét cuốn trôi cầu tạm của thôn.'],
  khac: ['Đề nghị lắp thêm đèn chiếu sáng ở ngã ba.', 'Loa truyền thanh thôn bị hỏng nhiều tuần.'],
};
const CATEGORY_WEIGHTS: [string, number][] = [
  ['giao-thong', 20], ['moi-truong', 15], ['dien-nuoc', 15], ['dat-dai', 12], ['an-ninh-trat-tu', 8], ['y-te', 7], ['chinh-sach', 10], ['thien-tai', 3], ['khac', 10],
];
const REPLY = 'Đơn vị đã tiếp nhận, kiểm tra thực tế và xử lý. Cảm ơn ông/bà đã phản ánh.';

function weighted<T>(rng: Rng, items: [T, number][]): T {
  let r = rng() * items.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of items) { r -= w; if (r <= 0) return v; }
  return items[items.length - 1]![0];
}

/** A plausible moment in the last `days` days: a day, then office-ish hours (06:00–21:00 Vietnam time). */
function receivedAt(rng: Rng, now: Date, days: number, skipDays = 0): Date {
  const localMidnight = Math.floor((now.getTime() + 7 * 3_600_000) / DAY_MS) * DAY_MS - 7 * 3_600_000;
  const at = localMidnight - (skipDays + Math.floor(rng() * days)) * DAY_MS + Math.round((6 + rng() * 15) * 3_600_000);
  return new Date(at < now.getTime() ? at : at - DAY_MS);
}

interface Ctx {
  catalog: Catalog; communes: number[]; demo: DemoIds; officerOf: Map<number, number>; leaderId: number | null; now: Date;
  policies: SlaPolicy[]; cal: WorkCalendar;
}

interface Planned { story: Story; code: string; channel: 'web' | 'sms' | 'zalo'; categoryId: number; priority: Priority; commune: number; firstUnit: number; triage: boolean; description: string; receivedAt: Date }

function plan(c: Ctx, rng: Rng, i: number): Planned {
  const code = weighted(rng, CATEGORY_WEIGHTS);
  const category = c.catalog.categories.get(code)!;
  const commune = c.communes[Math.floor(rng() * c.communes.length)]!;
  const triage = rng() < 0.06;
  const misrouted = !triage && rng() < 0.05;
  const owner = code === 'dat-dai' ? c.demo.units.TNMT! : commune;
  const firstUnit = triage ? c.demo.units.VANPHONG! : misrouted ? c.communes[(c.communes.indexOf(commune) + 1) % c.communes.length]! : owner;
  const channel = weighted<'web' | 'sms' | 'zalo'>(rng, [['web', 45], ['sms', 35], ['zalo', 20]]);
  // One report in 25 is fresh backlog still waiting for an answer, one in 25 has only a holding reply.
  const fate = i % 25 === 0 ? 'waiting' as const : i % 25 === 1 ? 'in_progress' as const : undefined;
  const receivedAtValue = fate === 'waiting' ? receivedAt(rng, c.now, 6) : fate === 'in_progress' ? receivedAt(rng, c.now, 8, 1) : receivedAt(rng, c.now, 120);
  const story = buildStory(rng, {
    receivedAt: receivedAtValue, channel, categoryId: category.id, priority: category.defaultPriority, unitId: firstUnit,
    transferTo: firstUnit !== owner ? owner : null, parentUnitId: c.demo.districtId, fate,
  }, c.policies, c.cal, c.now);
  const texts = TEXTS[code] ?? TEXTS.khac!;
  return {
    story, code: newTrackingCode((min, max) => min + Math.floor(rng() * (max - min))), channel, categoryId: category.id, priority: category.defaultPriority,
    commune, firstUnit, triage, description: texts[i % texts.length]!, receivedAt: receivedAtValue,
  };
}

/** Bulk-insert in slices so no statement exceeds PostgreSQL's parameter limit. */
async function insertAll<T>(rows: T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await write(rows.slice(i, i + 1000));
}

interface Written { p: Planned; r: { id: number; contactId: number }; officer: number | null }

async function insertReports(tx: Tx, c: Ctx, plans: Planned[]): Promise<Written[]> {
  const contactRows = await tx.insert(contacts).values(plans.map((p) => ({ createdAt: p.receivedAt }))).returning({ id: contacts.id });
  const inserted = await tx.insert(reports).values(plans.map((p, i) => {
    const s = p.story;
    const last = s.events[s.events.length - 1]?.at ?? p.receivedAt;
    return {
      code: p.code, originChannel: p.channel, contactId: contactRows[i]!.id, categoryId: p.categoryId, locationUnitId: p.commune, assignedUnitId: s.finalUnitId,
      routeReason: p.triage ? 'triage' : 'explicit', status: s.status, priority: p.priority, description: p.description, searchText: fold(p.description),
      receivedAt: p.receivedAt, firstResponseAt: s.firstResponseAt, answeredAt: s.answeredAt, closedAt: s.closedAt, lastActivityAt: last,
      ackDueAt: s.ackDueAt, dueAt: s.dueAt, createdAt: p.receivedAt, updatedAt: last,
    };
  })).returning({ id: reports.id, code: reports.code, contactId: reports.contactId });
  const idOf = new Map(inserted.map((r) => [r.code, r]));
  return plans.map((p) => ({ p, r: idOf.get(p.code)!, officer: c.officerOf.get(p.story.finalUnitId) ?? null }));
}

async function insertTimelines(tx: Tx, c: Ctx, rows: Written[]): Promise<void> {
  await insertAll(rows.flatMap(({ p, r, officer }) => p.story.messages.map((m) => ({
    reportId: r.id, contactId: r.contactId, direction: m.direction, channel: p.channel, kind: m.kind, status: m.status, createdAt: m.at,
    body: m.kind === 'text' ? p.description : m.kind === 'ack' ? ackText({ code: p.code, unitName: c.catalog.units.get(p.firstUnit)?.name ?? '' }) : REPLY,
    ...(m.direction === 'out' ? { sentAt: m.at, deliveredAt: m.at, authorUserId: m.kind === 'reply' ? officer : null } : {}),
  }))), (slice) => tx.insert(messages).values(slice));
  await insertAll(rows.flatMap(({ p, r, officer }) => p.story.events.map((e) => ({
    reportId: r.id, type: e.type, actorKind: e.actor, actorUserId: e.actor === 'officer' ? (e.type === 'extension_approved' ? c.leaderId : officer) : null,
    unitId: e.unitId, data: e.data, at: e.at,
  }))), (slice) => tx.insert(reportEvents).values(slice));
}

async function insertSla(tx: Tx, c: Ctx, rows: Written[]): Promise<void> {
  const slas = rows.filter(({ p }) => p.story.sla).map(({ p, r }) => {
    const x = p.story.sla!;
    const open = p.story.status === 'received' || p.story.status === 'in_progress';
    return {
      reportId: r.id, policyId: x.policyId, startedAt: x.startedAt, policyDueAt: x.policyDueAt, dueAt: x.dueAt, warnAt: x.warnAt, version: x.version,
      warnedVersion: x.warned ? x.version : 0, breachedVersion: x.breached ? x.version : 0, armed: open && !x.breached,
    };
  });
  if (slas.length > 0) await tx.insert(reportSla).values(slas);
  const extensions = rows.filter(({ p, officer }) => p.story.extension && (officer ?? c.leaderId) !== null).map(({ p, r, officer }) => {
    const x = p.story.extension!;
    return {
      reportId: r.id, dueAt: x.dueAt, previousDueAt: x.previousDueAt, reason: 'Cần thêm thời gian xác minh thực địa', status: 'approved' as const,
      requestedByUserId: (officer ?? c.leaderId)!, requestedAt: x.requestedAt, decidedByUserId: c.leaderId, decidedAt: x.decidedAt,
    };
  });
  if (extensions.length > 0) await tx.insert(reportExtensions).values(extensions);
}

/** Seed the history once; returns how many reports it wrote (0 when already seeded). */
export async function seedDemoHistory(db: Db, demo: DemoIds, opts: { count?: number; now?: Date; seed?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const count = opts.count ?? 360;
  const catalog = await loadCatalog(db, { fresh: true });
  const communes = [...catalog.units.values()].filter((u) => u.kind === 'commune' && u.path.includes(`/${demo.districtId}/`)).map((u) => u.id).sort((a, b) => a - b);
  const accounts = await db.select({ id: users.id, username: users.username, unitId: users.unitId, role: users.role }).from(users)
    .where(inArray(users.username, ['lanhdao', 'xa.traphu', 'xa.trabinh', 'phong.tnmt']));
  const officerOf = new Map(accounts.filter((a) => a.role === 'officer').map((a) => [a.unitId, a.id]));
  const leaderId = accounts.find((a) => a.username === 'lanhdao')?.id ?? null;
  return db.transaction(async (tx) => {
    const [run] = await tx.insert(seedRuns).values({ name: DEMO_HISTORY_RUN }).onConflictDoNothing().returning({ id: seedRuns.id });
    if (!run) return 0;
    const rng = seededRng(opts.seed ?? 20_261_122);
    const c: Ctx = { catalog, communes, demo, officerOf, leaderId, now, policies: await loadPolicies(tx), cal: await loadWorkCalendar(tx) };
    const plans = Array.from({ length: count }, (_, i) => plan(c, rng, i));
    // Tracking codes are random: drop the rare duplicate rather than fail the unique index.
    const unique = [...new Map(plans.map((p) => [p.code, p])).values()];
    const rows = await insertReports(tx, c, unique);
    await insertTimelines(tx, c, rows);
    await insertSla(tx, c, rows);
    await refreshMetricsFor(tx, rows.map((w) => w.r.id), now);
    return rows.length;
  });
}
