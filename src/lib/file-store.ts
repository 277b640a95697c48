/**
 * Content-addressed attachment storage on local disk (DATA_DIR/attachments).
 * Files are written before the inbound event that names them is committed; a
 * file whose event never commits is an orphan, harmless and collectable, and
 * the same photo sent twice is stored once.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createReadStream, type ReadStream } from 'node:fs';
import path from 'node:path';

export class FileStore {
  constructor(readonly root: string) {}

  async put(data: Buffer, ext: string): Promise<{ key: string; sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const key = `${sha256.slice(0, 2)}/${sha256}.${ext.replace(/[^a-z0-9]/gi, '')}`;
    const file = this.resolve(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
    return { key, sha256, size: data.length };
  }

  open(key: string): ReadStream {
    return createReadStream(this.resolve(key));
  }

  async exists(key: string): Promise<boolean> {
    return fs.access(this.resolve(key)).then(() => true, () => false);
  }

  private resolve(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]+$/i.test(key)) throw new Error('invalid storage key');
    return path.join(this.root, key);
  }
}
