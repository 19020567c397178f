import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Outside production, a missing SECRET_KEY is replaced by a key generated once into the data
 * directory, so `npm start` works on a fresh machine. The file is created with mode 0600.
 */
export function loadOrCreateKeyFile(dataDir: string): {
  key: Buffer;
  created: boolean;
  file: string;
} {
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte hex key`);
    return { key, created: false, file };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, created: true, file };
}
