import {
  LOGON_FAILURE_MESSAGE,
  MasFaultError,
  NO_ACCESS_MESSAGE,
  SIM_FAULT_CODES,
} from './mas-fault.js';
import type { SageCompanyData, SageStore, SageTableName, SageUser } from './store.js';

export type TaskAction = 'View' | 'Create' | 'Modify' | 'Remove';

export interface LogonArgs {
  logon?: { Username?: unknown; Password?: unknown } | null;
  companyCode?: unknown;
}

/**
 * What eBWS checks on every call, in this order: the logon (user exists, password matches, user
 * enabled for web services), the company (exists, enabled for web services, user may use it),
 * then the role task for the maintenance action (reference §1.4).
 */
export function authorize(
  store: SageStore,
  args: LogonArgs,
  table: SageTableName,
  action: TaskAction,
): { company: SageCompanyData; user: SageUser } {
  const username = String(args.logon?.Username ?? '');
  const password = String(args.logon?.Password ?? '');
  const user = store.user(username);
  if (!user || user.Password !== password || user.WebServicesEnabled !== 'Y') {
    throw new MasFaultError(SIM_FAULT_CODES.logon, LOGON_FAILURE_MESSAGE);
  }
  const code = String(args.companyCode ?? '').trim();
  const company = store.company(code);
  if (!company) {
    throw new MasFaultError(
      SIM_FAULT_CODES.unknownCompany,
      `Company code ${code || '(blank)'} is invalid.`,
    );
  }
  if (company.settings.WebServicesEnabled !== 'Y') {
    throw new MasFaultError(
      SIM_FAULT_CODES.companyDisabled,
      `Company ${company.code} is not enabled for web services.`,
    );
  }
  const allowed =
    user.Companies === '*' || user.Companies.some((c) => c.toUpperCase() === company.code);
  if (!allowed || user.DeniedTasks.includes(`${table}:${action}`)) {
    throw new MasFaultError(SIM_FAULT_CODES.noAccess, NO_ACCESS_MESSAGE);
  }
  return { company, user };
}
