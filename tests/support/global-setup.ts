/** Build the migrated template database once per test run (server suites). */
import { openDatabase } from '../../src/db/client.js';
import { adminQuery, TEMPLATE_DB, urlFor } from './pg.js';

export default async function setup(): Promise<void> {
  // Several projects share this setup; build the template once per run.
  if (process.env.CAUNOI_TEMPLATE_READY) return;
  process.env.CAUNOI_TEMPLATE_READY = '1';
  await adminQuery(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await adminQuery(`create database ${TEMPLATE_DB}`);
  const db = await openDatabase({ url: urlFor(TEMPLATE_DB), poolSize: 1 });
  await db.close();
}
