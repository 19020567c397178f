import type { z } from 'zod';
import { ZohoResponseError } from './errors.js';

/** Parses a Zoho body with its schema, turning a mismatch into a typed error naming the endpoint. */
export function parseReply<T extends z.ZodType>(
  schema: T,
  body: unknown,
  endpoint: string,
): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ZohoResponseError(
      endpoint,
      parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    );
  }
  return parsed.data;
}

/** Zoho's date-time header and query format: seconds precision, explicit offset. */
export const zohoDateTime = (at: Date | string): string =>
  new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
