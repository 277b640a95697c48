/**
 * `npm run cli -- import-units --file units.csv`: upsert by SMS code, parents
 * anywhere in the file or already in the database, idempotent, all or nothing
 * with every line's problem listed. The service is tested in both database
 * modes; the command itself as a process against the PostgreSQL server.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, isNull } from 'drizzle-orm';
import { auditLog, categories, catalogVersion, units } from '../../src/db/schema/index.js';
import { loadCatalog } from '../../src/modules/catalog/catalog.service.js';
import { importUnits } from '../../src/modules/settings/units.import.js';
import { createTestHub, dbMode, type TestHub } from '../support/context.js';

let hub: TestHub;
const db = () => hub.ctx.database.db;
const SAMPLE = fs.readFileSync(path.resolve('docs/units.sample.csv'), 'utf8');

beforeAll(async () => { hub = await createTestHub(); });
afterAll(async () => { await hub?.close(); });

const unitCount = async () => Number((await db().select({ n: count() }).from(units))[0]!.n);
const snapshot = async () => (await db().select().from(units)).sort((a, b) => a.id - b.id);
const byCode = async (code: string) => (await db().select().from(units).where(and(eq(units.smsCode, code), isNull(units.validTo))))[0];

const SON_TAY = [
  'ten_khong_dung,name,kind,parent_sms_code,sms_code,triage',
  // Children before their district: parents may come later in the file.
  ',Xã Sơn Dung,xã,SONTAY,,',
  ',Xã Sơn Long,commune,SONTAY,SONLONG,',
  ',Huyện Sơn Tây,huyện,QUANGNGAI,SONTAY,',
  ',Văn phòng HĐND và UBND huyện Sơn Tây,department,SONTAY,VPSONTAY,có',
].join('\r\n');

describe('importing units', () => {
  it('the sample file on the demo district takes over the uncoded province and changes nothing else; twice changes nothing', async () => {
    const before = await snapshot();
    const first = await importUnits(db(), SAMPLE);
    expect(first).toEqual({ ok: true, summary: { rows: 24, created: 0, updated: 1, unchanged: 23, categoriesAdded: 0 } });
    const province = await byCode('QUANGNGAI');
    expect(province).toMatchObject({ id: hub.demo.provinceId, name: 'Tỉnh Quảng Ngãi', kind: 'province', parentId: null });
    const after = await snapshot();
    expect(after.map((u) => ({ ...u, smsCode: u.id === hub.demo.provinceId ? null : u.smsCode }))).toEqual(before);
    const again = await importUnits(db(), SAMPLE);
    expect(again).toEqual({ ok: true, summary: { rows: 24, created: 0, updated: 0, unchanged: 24, categoriesAdded: 0 } });
    expect(await snapshot()).toEqual(after);
  });

  it('creates a new district with its communes under an existing province, paths and all; a second run is a no-op', async () => {
    const versionBefore = (await db().select().from(catalogVersion))[0]?.version ?? 0;
    await loadCatalog(db());
    const res = await importUnits(db(), SON_TAY, { file: 'son-tay.csv' });
    expect(res).toEqual({ ok: true, summary: { rows: 4, created: 4, updated: 0, unchanged: 0, categoriesAdded: 0 } });
    const district = (await byCode('SONTAY'))!;
    const province = (await byCode('QUANGNGAI'))!;
    expect(district).toMatchObject({ kind: 'district', parentId: province.id, path: `${province.path}${district.id}/` });
    const dung = (await byCode('SONDUNG'))!;
    expect(dung).toMatchObject({ name: 'Xã Sơn Dung', kind: 'commune', parentId: district.id, path: `${district.path}${dung.id}/` });
    expect(await byCode('VPSONTAY')).toMatchObject({ kind: 'department', isTriage: true });
    expect((await loadCatalog(db())).unitsByCode.get('SONLONG')?.parentId).toBe(district.id);
    expect(((await db().select().from(catalogVersion))[0]?.version ?? 0)).toBeGreaterThan(versionBefore);
    const [a] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'unit.import'), eq(auditLog.targetId, 'son-tay.csv')));
    expect(a!.data).toMatchObject({ created: 4 });

    const count = await unitCount();
    expect(await importUnits(db(), SON_TAY)).toMatchObject({ ok: true, summary: { created: 0, updated: 0, unchanged: 4 } });
    expect(await unitCount()).toBe(count);
  });

  it('moves a unit to the parent the file names, with its subtree paths', async () => {
    const moved = ['name,kind,parent_sms_code,sms_code', 'Xã Sơn Long,commune,QUANGNGAI,SONLONG'].join('\n');
    expect(await importUnits(db(), moved)).toMatchObject({ ok: true, summary: { updated: 1 } });
    const province = (await byCode('QUANGNGAI'))!;
    const long = (await byCode('SONLONG'))!;
    expect(long).toMatchObject({ parentId: province.id, path: `${province.path}${long.id}/` });
  });

  it('lists every bad line and writes nothing, not even the good lines', async () => {
    const [n, audits] = [await unitCount(), Number((await db().select({ n: count() }).from(auditLog))[0]!.n)];
    const bad = [
      'name,kind,parent_sms_code,sms_code,triage',
      'Huyện Ba Tơ,district,QUANGNGAI,BATO,',
      'Xã Ba Động,village,BATO,BADONG,',
      'X,commune,BATO,BAX,',
      'Xã Ba Thành,commune,KHONGCO,BATHANH,',
      'Xã Ba Vì,commune,BATO,BATO,',
      'Xã Ba Điền,commune,BATO,BADIEN,maybe',
    ].join('\n');
    const res = await importUnits(db(), bad);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors.map((e) => [e.line, e.field])).toEqual([[3, 'kind'], [4, 'name'], [6, 'sms_code'], [6, 'parent_sms_code'], [7, 'triage']]);
    // Format errors first; with those fixed, the database-level ones (unknown parent, wrong level) roll back the good rows.
    const dbBad = [
      'name,kind,parent_sms_code,sms_code',
      'Huyện Ba Tơ,district,QUANGNGAI,BATO',
      'Xã Ba Động,commune,BATO,BADONG',
      'Xã Ba Thành,commune,KHONGCO,BATHANH',
      'Xã Ba Xa,commune,TRAPHU,BAXA',
      'Phòng Trà Phú,department,TRAPHU,PHONGTP',
    ].join('\n');
    const res2 = await importUnits(db(), dbBad);
    expect(res2.ok).toBe(false);
    if (res2.ok) return;
    expect(res2.errors.map((e) => [e.line, e.field])).toEqual([[4, 'parent_sms_code'], [5, 'parent_sms_code'], [6, 'parent_sms_code']]);
    expect(res2.errors[0]!.message.en).toMatch(/No parent unit/);
    expect(res2.errors[1]!.message.en).toMatch(/Invalid parent/);
    expect(await byCode('BATO')).toBeUndefined();
    expect(await byCode('BADONG')).toBeUndefined();
    expect([await unitCount(), Number((await db().select({ n: count() }).from(auditLog))[0]!.n)]).toEqual([n, audits]);
  });

  it('refuses a file without the required columns, and a change of kind', async () => {
    expect(await importUnits(db(), 'ten,loai\nXã A,xã')).toMatchObject({ ok: false, errors: [{ line: 1, field: 'file' }] });
    expect(await importUnits(db(), 'name,kind,parent_sms_code,sms_code\nXã Trà Phú,department,TRABONG,TRAPHU'))
      .toMatchObject({ ok: false, errors: [{ line: 2, field: 'kind' }] });
    expect((await byCode('TRAPHU'))!.kind).toBe('commune');
  });

  it('adds the standard categories a fresh database lacks, leaving existing ones alone', async () => {
    await db().update(categories).set({ nameVi: 'Đất đai (đã sửa)' }).where(eq(categories.code, 'dat-dai'));
    await db().delete(categories).where(eq(categories.code, 'y-te'));
    const res = await importUnits(db(), SAMPLE);
    expect(res).toMatchObject({ ok: true, summary: { categoriesAdded: 1 } });
    expect((await db().select().from(categories).where(eq(categories.code, 'dat-dai')))[0]!.nameVi).toBe('Đất đai (đã sửa)');
    expect(await db().select().from(categories).where(eq(categories.code, 'y-te'))).toHaveLength(1);
  });
});

describe.runIf(dbMode() === 'server')('the import-units command', () => {
  const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import-units', '--file', file], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: hub.databaseUrl, DATA_DIR: hub.env.DATA_DIR },
    encoding: 'utf8', timeout: 60_000,
  });

  it('imports a file, reports the counts, is idempotent, and exits 2 listing bad lines without writing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-units-'));
    try {
      const good = path.join(dir, 'minh-long.csv');
      fs.writeFileSync(good, '\uFEFFname;kind;parent_sms_code;sms_code;triage\nHuyện Minh Long;district;QUANGNGAI;MINHLONG;\nXã Long Hiệp;commune;MINHLONG;;\n');
      const first = run(good);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('Imported 2 units: 2 created, 0 updated, 0 unchanged');
      expect(await byCode('LONGHIEP')).toMatchObject({ name: 'Xã Long Hiệp', kind: 'commune' });
      const second = run(good);
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('0 created, 0 updated, 2 unchanged');

      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, 'name,kind,parent_sms_code,sms_code\nXã Long Mai,commune,MINHLONG,LONGMAI\nXã Long Sơn,commune,KHONGCO,LONGSON\n');
      const failed = run(bad);
      expect(failed.status).toBe(2);
      expect(failed.stderr).toContain('line 3 [parent_sms_code]');
      expect(failed.stderr).toContain('Nothing was imported');
      expect(await byCode('LONGMAI')).toBeUndefined();
      expect(run(path.join(dir, 'missing.csv')).status).toBe(2);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
