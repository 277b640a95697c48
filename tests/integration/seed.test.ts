import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { categories, routingRules, units, users } from '../../src/db/schema/index.js';
import { seedDemoAccounts, seedDemoDistrict } from '../../src/db/seed.js';
import { createTestHub, type TestHub } from '../support/context.js';

let hub: TestHub;
beforeAll(async () => { hub = await createTestHub(); });
afterAll(async () => { await hub?.close(); });

async function counts() {
  const db = hub.ctx.database.db;
  const n = async (t: typeof units | typeof categories | typeof routingRules | typeof users) => Number((await db.select({ n: count() }).from(t))[0]!.n);
  return { units: await n(units), categories: await n(categories), rules: await n(routingRules), users: await n(users) };
}

describe('demo seed', () => {
  it('creates the Trà Bồng district with its communes, departments and SMS codes', async () => {
    const rows = await hub.ctx.database.db.select().from(units);
    const codes = rows.map((u) => u.smsCode);
    for (const code of ['TRAXUAN', 'TRAPHU', 'HUONGTRA', 'SONTRA', 'TRAXINH', 'TNMT']) expect(codes).toContain(code);
    expect(rows.filter((u) => u.kind === 'commune')).toHaveLength(16);
    expect(rows.filter((u) => u.kind === 'department')).toHaveLength(6);
    const traphu = rows.find((u) => u.smsCode === 'TRAPHU')!;
    expect(traphu.name).toBe('Xã Trà Phú');
    expect(traphu.name).toBe(traphu.name.normalize('NFC'));
  });

  it('is idempotent: seeding twice duplicates nothing', async () => {
    const hash = async () => 'not-a-real-hash';
    await seedDemoAccounts(hub.ctx.database.db, hub.demo, hash);
    const before = await counts();
    const again = await seedDemoDistrict(hub.ctx.database.db);
    await seedDemoAccounts(hub.ctx.database.db, again, hash);
    expect(again).toEqual(hub.demo);
    expect(await counts()).toEqual(before);
    expect(before.users).toBe(5);
  });
});
