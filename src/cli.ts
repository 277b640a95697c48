/**
 * Operator commands (`npm run cli -- <command>`):
 *
 *   import-units --file <units.csv>
 *   create-admin --username <name> --unit <SMS code or id> [--name "<display name>"]
 *   reset-password --username <name>
 *
 * The password is read from stdin when it is piped, otherwise prompted twice
 * without echo. There is no default password, ever.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { and, eq, isNull } from 'drizzle-orm';
import { parseEnv } from './config/env.js';
import { openDatabase, type Db } from './db/client.js';
import { units, users } from './db/schema/index.js';
import { usernameSchema } from './modules/auth/auth.schemas.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './modules/auth/password.js';
import { createAccount, resetAccountPassword } from './modules/auth/users.service.js';
import { importUnits } from './modules/settings/units.import.js';

const USAGE = `Usage:
  npm run cli -- import-units --file <units.csv>     (columns: name, kind, parent_sms_code, sms_code, triage)
  npm run cli -- create-admin --username <name> --unit <SMS code or id> [--name "<display name>"]
  npm run cli -- reset-password --username <name>
The password is read from stdin (echo 'secret' | npm run cli -- ...) or prompted.`;

class CliError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** One line from the terminal without echo (raw mode: backspace and Ctrl-C handled). */
function promptHidden(label: string): Promise<string> {
  return new Promise((resolve) => {
    process.stdout.write(label);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\u0003') { process.stdout.write('\n'); process.exit(130); }
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  let password: string;
  if (!process.stdin.isTTY) {
    password = await readStdin();
  } else {
    password = await promptHidden('Mật khẩu / Password: ');
    if ((await promptHidden('Nhập lại / Repeat: ')) !== password) throw new CliError('Hai lần nhập không khớp / The passwords do not match');
  }
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new CliError(`Mật khẩu cần ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} ký tự / The password needs ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`);
  }
  return password;
}

async function findUnit(db: Db, ref: string): Promise<number> {
  const byId = /^\d+$/.test(ref) ? eq(units.id, Number(ref)) : eq(units.smsCode, ref.toUpperCase());
  const [u] = await db.select({ id: units.id }).from(units).where(and(byId, isNull(units.validTo))).limit(1);
  if (!u) throw new CliError(`Không có đơn vị "${ref}" / No active unit "${ref}" (seed units first)`);
  return u.id;
}

function username(raw: string | undefined): string {
  const parsed = usernameSchema.safeParse(raw ?? '');
  if (!parsed.success) throw new CliError('Tên đăng nhập không hợp lệ (3–64 ký tự a-z 0-9 . _ -) / Invalid username (3–64 characters a-z 0-9 . _ -)');
  return parsed.data;
}

/** The unit tree from a CSV file, all or nothing; every problem is listed with its line. */
async function importUnitsFrom(db: Db, file: string | undefined): Promise<void> {
  if (!file) throw new CliError(USAGE);
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch {
    throw new CliError(`Không đọc được tệp "${file}" / Cannot read the file "${file}"`);
  }
  const result = await importUnits(db, text, { file: file.split(/[\\/]/).pop() });
  if (!result.ok) {
    const lines = result.errors.map((e) => `  dòng / line ${e.line} [${e.field}]: ${e.message.vi} / ${e.message.en}`);
    throw new CliError(`Không nhập gì cả; hãy sửa tệp rồi chạy lại / Nothing was imported; fix the file and run again:\n${lines.join('\n')}`);
  }
  const s = result.summary;
  console.log(`Đã nhập ${s.rows} đơn vị: ${s.created} mới, ${s.updated} cập nhật, ${s.unchanged} không đổi`
    + ` / Imported ${s.rows} units: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged`);
  if (s.categoriesAdded > 0) console.log(`Đã thêm ${s.categoriesAdded} lĩnh vực mặc định / Added ${s.categoriesAdded} standard categories`);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { username: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' }, file: { type: 'string' } },
  });
  const command = positionals[0];
  if (command !== 'create-admin' && command !== 'reset-password' && command !== 'import-units') throw new CliError(USAGE);
  const env = parseEnv(process.env);
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 1 });
  try {
    if (command === 'import-units') return await importUnitsFrom(database.db, values.file);
    const name = username(values.username);
    if (command === 'create-admin') {
      if (!values.unit) throw new CliError(USAGE);
      const unitId = await findUnit(database.db, values.unit);
      const password = await readPassword();
      const account = await createAccount(database.db, { username: name, displayName: values.name ?? 'Quản trị hệ thống', password, role: 'admin', unitId, canReveal: true }, null);
      console.log(`Đã tạo quản trị viên / Administrator created: ${account.username} (id ${account.id})`);
    } else {
      const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, name)).limit(1);
      if (!u) throw new CliError(`Không có tài khoản "${name}" / No account "${name}"`);
      const password = await readPassword();
      // No Redis here: the epoch bump in PostgreSQL is what ends the sessions.
      await resetAccountPassword({ db: database.db, control: { disconnectUser() {}, disconnectSession() {}, leaveReportRoom() {} } }, u.id, password, null);
      console.log(`Đã đặt lại mật khẩu; mọi phiên đăng nhập cũ đã kết thúc / Password reset; every old session has ended: ${name}`);
    }
  } finally {
    await database.close();
  }
}

main().catch((err: Error) => {
  const fields = (err as { fields?: Record<string, { vi: string; en: string }> }).fields;
  const detail = fields ? Object.values(fields).map((f) => `${f.vi} / ${f.en}`).join('\n') : err.message;
  console.error(detail);
  process.exit(err instanceof CliError || fields ? 2 : 1);
});
