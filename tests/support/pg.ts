/**
 * Test databases on the local PostgreSQL server: a migrated template is built
 * once per run; each test file clones it (CREATE DATABASE … TEMPLATE), which
 * takes milliseconds and isolates every file's data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'caunoi_test_template';

export function urlFor(db: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

export async function cloneTemplate(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `caunoi_t_${randomBytes(5).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE fails if another session is connected to the template; retry briefly.
  for (let i = 0; ; i++) {
    try { await adminQuery(`create database ${name} template ${TEMPLATE_DB}`); break; } catch (err) {
      if (i > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    name, url: urlFor(name),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}
