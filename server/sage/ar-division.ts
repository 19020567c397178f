/**
 * Sage 100's AR division number (ARDivisionNo): two characters, "Mask:00 FmtType:ZEROFILL", so
 * two digits. A tenant's Sage connection names the one a customer created from Zoho goes into
 * when the mapping sets none; '01' is what every tenant had before it could choose.
 */
export const DEFAULT_AR_DIVISION = '01';

export const AR_DIVISION_FORMAT = /^\d{2}$/;

export const AR_DIVISION_MESSAGE = 'two digits, like Sage 100 AR division numbers (00 to 99)';

export function isArDivisionNo(value: string): boolean {
  return AR_DIVISION_FORMAT.test(value);
}
