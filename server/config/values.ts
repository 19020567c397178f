import { z } from 'zod';
import type { DatabaseTarget } from './types.js';

/** The value shapes of environment variables: database URLs, keys, optional values and lists. */

export const databaseUrl = z
  .string()
  .trim()
  .transform((value, ctx): DatabaseTarget => {
    if (/^postgres(ql)?:\/\//.test(value)) {
      try {
        new URL(value);
        return { client: 'postgres', connectionString: value };
      } catch {
        /* fall through to the issue below */
      }
    }
    const sqlite = /^(?:sqlite|file):(.+)$/.exec(value);
    if (sqlite?.[1]) return { client: 'sqlite', filename: sqlite[1] };
    ctx.addIssue({
      code: 'custom',
      message:
        'expected a postgres URL (postgres://user:pass@host:5432/db) or an SQLite file (sqlite:./data/sync.db)',
    });
    return z.NEVER;
  });

/** A 32-byte AES key, given as 64 hex characters or 44 base64 characters. */
export const secretKeyString = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const key = /^[0-9a-fA-F]{64}$/.test(value)
      ? Buffer.from(value, 'hex')
      : Buffer.from(value, 'base64');
    if (key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected 32 random bytes as 64 hex characters or base64 (openssl rand -hex 32)',
      });
      return z.NEVER;
    }
    return key;
  });

export const previousKeys = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const keys = new Map<string, Buffer>();
    for (const entry of value.split(',').filter(Boolean)) {
      const [id, raw] = entry.split(':');
      const parsed = secretKeyString.safeParse(raw ?? '');
      if (!id || !parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'expected a comma-separated list of keyId:key' });
        return z.NEVER;
      }
      keys.set(id, parsed.data);
    }
    return keys;
  });

export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** A comma-separated list whose items each pass `item`. */
export const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );
