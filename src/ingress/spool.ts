/**
 * Local disk spool for the inbox (DESIGN.md invariant 2, the "better" option):
 * when PostgreSQL cannot be reached, accepted events are appended to a file in
 * DATA_DIR/spool and fsync'd before the provider gets its 2xx; a replay loop
 * inserts them (ON CONFLICT DO NOTHING, so a provider's retry that was spooled
 * twice becomes one row) once PostgreSQL answers again, then deletes the file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export interface SpoolRecord {
  channel: 'web' | 'sms' | 'zalo';
  provider: string;
  providerEventId: string;
  payload: Record<string, unknown>;
  trackingCode: string | null;
  receivedAt: string;
}

export class Spool {
  constructor(readonly dir: string) {}

  /** Durably append records; resolves only after the data reached the disk. */
  async write(records: SpoolRecord[]): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${Date.now()}-${process.pid}-${randomUUID()}.jsonl.tmp`);
    const handle = await fs.open(file, 'wx');
    try {
      await handle.writeFile(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Rename makes the file visible to replay only once it is complete.
    await fs.rename(file, file.slice(0, -'.tmp'.length));
  }

  async pending(): Promise<string[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.jsonl')).sort().map((n) => path.join(this.dir, n));
  }

  /** Feed every spooled file to `insert`; a file is deleted only after `insert` succeeded. */
  async replay(insert: (records: SpoolRecord[]) => Promise<void>): Promise<number> {
    let replayed = 0;
    for (const file of await this.pending()) {
      const text = await fs.readFile(file, 'utf8');
      const records = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as SpoolRecord);
      await insert(records);
      await fs.unlink(file);
      replayed += records.length;
    }
    return replayed;
  }
}
