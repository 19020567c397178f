import type { SageKeyPart } from './types.js';

/**
 * Sage keys as one string per record: the key fields joined with '-' ("01-ABC" for division 01,
 * customer ABC; "01-ABC-JSMITH" for a contact). Fixed-width parts parse by width; of the free
 * parts, the last one is what follows the last '-', because Sage codes (ContactCode,
 * HeaderSeqNo) carry no '-' while customer numbers occasionally do.
 */
export function sageKeyOf(
  parts: SageKeyPart[],
  fields: Record<string, unknown>,
): string | undefined {
  const values: string[] = [];
  for (const part of parts) {
    const raw = fields[part.field];
    if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
    let value = String(raw).trim();
    if (part.width) value = value.padStart(part.width, '0');
    values.push(value);
  }
  return values.join('-');
}

export function sageKeyFields(parts: SageKeyPart[], key: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let rest = key;
  for (const [index, part] of parts.entries()) {
    const later = parts.slice(index + 1);
    if (part.width) {
      fields[part.field] = rest.slice(0, part.width);
      rest = rest.slice(part.width + 1);
    } else if (later.length === 0) {
      fields[part.field] = rest;
    } else {
      // later parts carry no '-', so this part ends where the last `later.length` separators begin
      let cut = rest.length;
      for (let i = 0; i < later.length; i++) cut = rest.lastIndexOf('-', cut - 1);
      fields[part.field] = cut < 0 ? rest : rest.slice(0, cut);
      rest = cut < 0 ? '' : rest.slice(cut + 1);
    }
  }
  return fields;
}
