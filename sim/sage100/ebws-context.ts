import type { LengthProfile, MemberDef } from '../../server/sage/contracts.js';
import type { FaultInjector } from './fault-injection.js';
import { MasFaultError, SIM_FAULT_CODES } from './mas-fault.js';
import type { SageCompanyData, SageStore, SageTableName } from './store.js';

export interface EbwsContext {
  store: SageStore;
  faults: FaultInjector;
  lengthProfile: LengthProfile;
}

/** Sage zero-fills division numbers (mask 00). */
export const division = (value: unknown): string => {
  const s = String(value ?? '').trim();
  return /^\d$/.test(s) ? `0${s}` : s;
};

export const required = (value: unknown, label: string): string => {
  const s = String(value ?? '').trim();
  if (!s) throw new MasFaultError(SIM_FAULT_CODES.required, `The ${label} is required.`);
  return s;
};

export function assertNotLocked(
  ctx: EbwsContext,
  table: SageTableName,
  key: Record<string, string>,
): void {
  if (ctx.faults.takeLock(table, key)) {
    throw new MasFaultError(SIM_FAULT_CODES.locked, 'The record is in use by another user.');
  }
}

/** Zip codes, items and customers a member's value must exist in (CI_NOF otherwise). */
export const lookupIn =
  (company: SageCompanyData, divisionNo = '') =>
  (member: MemberDef, value: string): boolean => {
    switch (member.lookup) {
      case 'SY_ZipCode':
        return company.get('SY_ZipCode', { ZipCode: value }) !== undefined;
      case 'CI_Item':
        return company.get('CI_Item', { ItemCode: value }) !== undefined;
      case 'AR_Customer':
        return (
          company.get('AR_Customer', { ARDivisionNo: divisionNo, CustomerNo: value }) !== undefined
        );
      default:
        return true;
    }
  };
