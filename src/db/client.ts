/**
 * Database access. With DATABASE_URL: node-postgres pool against a server.
 * Without: embedded PostgreSQL (PGlite) under DATA_DIR — the same SQL, the
 * same migrations, one process. Both give a Drizzle `Db` of the same type.
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repositories accept both. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'server' | 'embedded';
  /** Run a plain SQL statement (used by health checks and tests). */
  ping(): Promise<void>;
  /** One parameterised statement without the query builder, for the ingest hot path. Objects are sent as JSON. */
  query<T = Record<string, unknown>>(text: string, params: unknown[]): Promise<T[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  url?: string;
  /** Directory for the embedded database; `memory://` keeps it in memory. */
  dataDir?: string;
  poolSize?: number;
  migrate?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.url ? await openServer(opts.url, opts.poolSize ?? 10) : await openEmbedded(opts.dataDir ?? './data');
  if (opts.migrate !== false) await database.migrate();
  return database;
}

async function openServer(url: string, max: number): Promise<Database> {
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // int8 as JS number: our bigserial ids stay far below 2^53.
  pg.default.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.default.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // A checked-out client whose server vanishes emits 'error' too; its query already rejects.
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'server',
    migrate: async () => {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      // Several processes may start together: serialise migrations on an advisory lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(727274)');
        await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('select pg_advisory_unlock(727274)').catch(() => undefined);
        client.release();
      }
    },
    ping: async () => { await pool.query('select 1'); },
    query: async <T>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as T[],
    // Shutdown must not hang on a client stuck with a vanished server.
    close: () => Promise.race([pool.end(), new Promise<void>((r) => setTimeout(r, 5000).unref())]),
  };
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let target = dataDir;
  if (!dataDir.startsWith('memory://')) {
    target = path.resolve(dataDir, 'pg');
    fs.mkdirSync(target, { recursive: true });
  }
  const client = await PGlite.create(target);
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    kind: 'embedded',
    migrate: async () => {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(db, { migrationsFolder: MIGRATIONS });
    },
    ping: async () => { await client.query('select 1'); },
    query: async <T>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows,
    close: () => client.close(),
  };
}

