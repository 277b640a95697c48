/**
 * Everything a process needs, built once from the parsed environment and
 * passed down explicitly (no module-level singletons), so tests can build
 * several side by side with their own database and queue prefix.
 */
import path from 'node:path';
import type { Env } from './config/env.js';
import { openDatabase, type Database } from './db/client.js';
import { Queues } from './jobs/queues.js';
import { createPublisher, type Publisher } from './realtime/emitter.js';
import { Inbox } from './ingress/inbox.js';
import { Spool } from './ingress/spool.js';
import { FileStore } from './lib/file-store.js';

export interface AppContext {
  env: Env;
  database: Database;
  queues: Queues;
  publisher: Publisher;
  inbox: Inbox;
  files: FileStore;
  close(): Promise<void>;
}

export async function createContext(env: Env, opts: { database?: Database } = {}): Promise<AppContext> {
  const database = opts.database ?? await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const queues = new Queues(env.REDIS_URL, env.QUEUE_PREFIX);
  const publisher = createPublisher(env.REDIS_URL, env.QUEUE_PREFIX);
  const inbox = new Inbox(database, queues, new Spool(path.resolve(env.DATA_DIR, 'spool')));
  inbox.startReplay();
  const files = new FileStore(path.resolve(env.DATA_DIR, 'attachments'));
  return {
    env, database, queues, publisher, inbox, files,
    async close() {
      inbox.stopReplay();
      await queues.close();
      await publisher.close();
      if (!opts.database) await database.close();
    },
  };
}
