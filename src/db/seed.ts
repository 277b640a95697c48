/**
 * Reference data every deployment needs (categories, routing rules) and the
 * demo district of Trà Bồng (DESIGN.md "Demo data"). Idempotent: rows are
 * upserted by their natural keys, so running it twice changes nothing.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from './client.js';
import { categories, routingRules, units, users } from './schema/index.js';
import { unaccent } from '../domain/text.js';
import { seedDefaultPolicies } from '../modules/sla/sla-config.repo.js';

export const CATEGORIES = [
  { code: 'dat-dai', nameVi: 'Đất đai', nameEn: 'Land', defaultPriority: 'complex' as const },
  { code: 'moi-truong', nameVi: 'Môi trường', nameEn: 'Environment', defaultPriority: 'normal' as const },
  { code: 'giao-thong', nameVi: 'Giao thông', nameEn: 'Roads and transport', defaultPriority: 'normal' as const },
  { code: 'dien-nuoc', nameVi: 'Điện, nước', nameEn: 'Electricity and water', defaultPriority: 'normal' as const },
  { code: 'an-ninh-trat-tu', nameVi: 'An ninh, trật tự', nameEn: 'Public order and security', defaultPriority: 'urgent' as const },
  { code: 'y-te', nameVi: 'Y tế', nameEn: 'Health', defaultPriority: 'normal' as const },
  { code: 'chinh-sach', nameVi: 'Chính sách, an sinh xã hội', nameEn: 'Social policy and welfare', defaultPriority: 'normal' as const },
  { code: 'thien-tai', nameVi: 'Thiên tai, thảm họa', nameEn: 'Natural disasters', defaultPriority: 'urgent' as const },
  { code: 'khac', nameVi: 'Khác', nameEn: 'Other', defaultPriority: 'normal' as const },
];

const COMMUNES = [
  'Thị trấn Trà Xuân', 'Xã Trà Bình', 'Xã Trà Bùi', 'Xã Trà Giang', 'Xã Trà Hiệp', 'Xã Trà Lâm', 'Xã Trà Phú', 'Xã Trà Sơn',
  'Xã Trà Tân', 'Xã Trà Thủy', 'Xã Hương Trà', 'Xã Sơn Trà', 'Xã Trà Phong', 'Xã Trà Tây', 'Xã Trà Thanh', 'Xã Trà Xinh',
];
export const DEPARTMENTS = [
  { name: 'Văn phòng HĐND và UBND huyện', code: 'VANPHONG', triage: true },
  { name: 'Phòng Văn hóa và Thông tin', code: 'VHTT' },
  { name: 'Phòng Tài nguyên và Môi trường', code: 'TNMT' },
  { name: 'Phòng Kinh tế và Hạ tầng', code: 'KTHT' },
  { name: 'Phòng Lao động – Thương binh và Xã hội', code: 'LDTBXH' },
  { name: 'Công an huyện', code: 'CONGAN' },
];

/** "Xã Trà Phú" → "TRAPHU", "Thị trấn Trà Xuân" → "TRAXUAN". */
export function smsCodeFor(name: string): string {
  return unaccent(name.replace(/^(Xã|Thị trấn)\s+/u, '')).replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

async function upsertUnit(tx: Tx, u: { parentId: number | null; kind: 'province' | 'district' | 'commune' | 'department'; name: string; smsCode: string | null; isTriage?: boolean }, parentPath: string): Promise<{ id: number; path: string }> {
  const [found] = u.smsCode
    ? await tx.select().from(units).where(and(eq(units.smsCode, u.smsCode), isNull(units.validTo)))
    : await tx.select().from(units).where(and(eq(units.name, u.name), eq(units.kind, u.kind), isNull(units.validTo)));
  if (found) return { id: found.id, path: found.path };
  const [row] = await tx.insert(units).values({ ...u, isTriage: u.isTriage ?? false, path: '' }).returning({ id: units.id });
  const path = `${parentPath}${row!.id}/`;
  await tx.update(units).set({ path }).where(eq(units.id, row!.id));
  return { id: row!.id, path };
}

export async function seedReference(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [i, c] of CATEGORIES.entries()) {
      await tx.insert(categories).values({ ...c, sortOrder: i }).onConflictDoUpdate({ target: categories.code, set: { nameVi: c.nameVi, nameEn: c.nameEn } });
    }
    await seedDefaultPolicies(tx);
  });
}

export interface DemoIds { provinceId: number; districtId: number; units: Record<string, number> }

export async function seedDemoDistrict(db: Db): Promise<DemoIds> {
  await seedReference(db);
  return db.transaction(async (tx) => {
    const province = await upsertUnit(tx, { parentId: null, kind: 'province', name: 'Tỉnh Quảng Ngãi', smsCode: null }, '/');
    const district = await upsertUnit(tx, { parentId: province.id, kind: 'district', name: 'Huyện Trà Bồng', smsCode: 'TRABONG' }, province.path);
    const ids: Record<string, number> = {};
    for (const name of COMMUNES) {
      ids[smsCodeFor(name)] = (await upsertUnit(tx, { parentId: district.id, kind: 'commune', name, smsCode: smsCodeFor(name) }, district.path)).id;
    }
    for (const d of DEPARTMENTS) {
      ids[d.code] = (await upsertUnit(tx, { parentId: district.id, kind: 'department', name: d.name, smsCode: d.code, isTriage: d.triage ?? false }, district.path)).id;
    }
    await seedRules(tx, ids);
    return { provinceId: province.id, districtId: district.id, units: ids };
  });
}

async function seedRules(tx: Tx, ids: Record<string, number>): Promise<void> {
  const rules = [
    { name: 'Đất đai → Phòng TN&MT', priority: 10, categoryCode: 'dat-dai', keywords: null, targetUnitId: ids.TNMT ?? null, setCategoryCode: null, setPriority: null },
    { name: 'Từ khóa đất đai → Phòng TN&MT', priority: 20, categoryCode: null,
      keywords: ['sổ đỏ', 'giấy chứng nhận quyền sử dụng đất', 'tranh chấp đất', 'lấn chiếm đất', 'đo đạc đất'], targetUnitId: ids.TNMT ?? null, setCategoryCode: 'dat-dai', setPriority: null },
    { name: 'Từ khóa thiên tai → khẩn cấp', priority: 5, categoryCode: null,
      keywords: ['sạt lở', 'lũ quét', 'ngập lụt', 'lũ lụt', 'cháy rừng', 'bão'], targetUnitId: null, setCategoryCode: 'thien-tai', setPriority: 'urgent' as const },
  ];
  for (const r of rules) {
    const [found] = await tx.select({ id: routingRules.id }).from(routingRules).where(eq(routingRules.name, r.name));
    if (!found) await tx.insert(routingRules).values(r);
  }
}

export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin' as const, unit: 'TRABONG' },
  { username: 'lanhdao', displayName: 'Lãnh đạo UBND huyện', role: 'leader' as const, unit: 'TRABONG' },
  { username: 'xa.traphu', displayName: 'Cán bộ xã Trà Phú', role: 'officer' as const, unit: 'TRAPHU' },
  { username: 'xa.trabinh', displayName: 'Cán bộ xã Trà Bình', role: 'officer' as const, unit: 'TRABINH' },
  { username: 'phong.tnmt', displayName: 'Cán bộ Phòng TN&MT', role: 'officer' as const, unit: 'TNMT' },
];

/** Demo accounts (password `caunoi-demo`), only ever created by `npm run demo`. */
export async function seedDemoAccounts(db: Db, demo: DemoIds, hash: (pw: string) => Promise<string>): Promise<void> {
  const unitIds: Record<string, number> = { ...demo.units, TRABONG: demo.districtId };
  const passwordHash = await hash('caunoi-demo');
  for (const a of DEMO_ACCOUNTS) {
    await db.insert(users).values({ username: a.username, displayName: a.displayName, role: a.role, unitId: unitIds[a.unit]!, passwordHash, canRevealPersonalData: a.role === 'officer' ? 0 : 1 })
      .onConflictDoNothing({ target: users.username });
  }
}
