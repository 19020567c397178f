import fs from 'node:fs';
import { z } from 'zod';
import type { Repositories } from '../db/repositories/index.js';
import { moduleDefinition } from '../sync/catalog/index.js';
import { disableModule, enableModule } from '../sync/modules.js';
import {
  CONFLICT_POLICIES,
  DELETE_POLICIES,
  MODULES,
  type ModuleName,
} from '../sync/vocabulary.js';
import { ianaTimeZone } from '../http/api/schemas.js';
import { AR_DIVISION_FORMAT, AR_DIVISION_MESSAGE } from '../sage/ar-division.js';
import { UsageError } from './args.js';

/**
 * The tenant file `npm run tenant -- add --file tenant.json` reads (format in
 * docs/operations.md): the Zoho org and refresh token, the Sage connection and agent, and module
 * settings. Checked with zod so a malformed file gets one message naming each problem.
 */
const moduleSettings = z
  .object({
    direction: z.enum(['sage_to_zoho', 'zoho_to_sage', 'both', 'disabled']),
    conflictPolicy: z.enum(CONFLICT_POLICIES).optional(),
    conflictToleranceSeconds: z.number().int().min(0).max(86_400).optional(),
    deletePolicy: z.enum(DELETE_POLICIES).optional(),
    deleteBrakePercent: z.number().min(0).max(100).optional(),
    intervalSeconds: z.number().int().min(30).optional(),
    /** Skip the initial-match gate (the Zoho org or the Sage company is empty). */
    initialMatchDone: z.boolean().optional(),
  })
  .strict();

export const tenantFileSchema = z
  .object({
    name: z.string().trim().min(1, 'required, not blank').max(255),
    zoho: z
      .object({
        orgId: z.string().regex(/^\d{1,32}$/, 'expected the numeric Zoho org id'),
        dataCentre: z.string().min(2).max(8).default('us'),
        accountsServer: z.url(),
        apiDomain: z.url(),
        refreshToken: z.string().min(10),
        scope: z.string().min(1),
      })
      .strict(),
    sage: z
      .object({
        endpointUrl: z.url(),
        companyCode: z.string().min(1).max(3),
        username: z.string().min(1).max(100),
        password: z.string().min(1),
        // The same check as the settings tab's: a zone like "Central" misreads every Sage time.
        timeZone: ianaTimeZone,
        lengthProfile: z.enum(['2018', '2023']).default('2023'),
        agentUrl: z.url().optional(),
        agentToken: z.string().min(16).optional(),
        // Left out: '01', the division customers created from Zoho went into before.
        defaultDivision: z.string().regex(AR_DIVISION_FORMAT, AR_DIVISION_MESSAGE).optional(),
      })
      .strict(),
    modules: z
      .record(z.string(), moduleSettings)
      .refine((m) => Object.keys(m).every((k) => (MODULES as readonly string[]).includes(k)), {
        message: `module names are ${MODULES.join(', ')}`,
      })
      .default({}),
  })
  .strict();
export type TenantFile = z.infer<typeof tenantFileSchema>;

export function readTenantFile(path: string): TenantFile {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let json: unknown;
  try {
    // Notepad on the Sage server saves UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = tenantFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(file)'}: ${i.message}`,
    );
    throw new UsageError(`${path} is not a valid tenant file:\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}

/** Creates the tenant (or updates the one for this Zoho org) and saves everything in the file. */
export async function registerTenant(
  repos: Repositories,
  file: TenantFile,
): Promise<{ tenantId: string; created: boolean; enabled: ModuleName[]; disabled: ModuleName[] }> {
  let tenant = await repos.tenants.findByZohoOrgId(file.zoho.orgId);
  const created = !tenant;
  tenant ??= await repos.tenants.create({ zohoOrgId: file.zoho.orgId, name: file.name });
  await repos.zohoConnections.save({
    tenantId: tenant.id,
    dataCentre: file.zoho.dataCentre,
    accountsServer: file.zoho.accountsServer,
    apiDomain: file.zoho.apiDomain,
    refreshToken: file.zoho.refreshToken,
    scope: file.zoho.scope,
  });
  await repos.sageConnections.save({ tenantId: tenant.id, ...file.sage });
  const enabled: ModuleName[] = [];
  for (const [name, s] of Object.entries(file.modules)) {
    const module = moduleDefinition(name).module;
    if (s.direction === 'disabled') continue;
    const result = await enableModule(repos.moduleSettings, tenant.id, module, s.direction, {
      ...(s.conflictPolicy ? { conflictPolicy: s.conflictPolicy } : {}),
      ...(s.conflictToleranceSeconds !== undefined
        ? { conflictToleranceSeconds: s.conflictToleranceSeconds }
        : {}),
      ...(s.deletePolicy ? { deletePolicy: s.deletePolicy } : {}),
      ...(s.deleteBrakePercent !== undefined ? { deleteBrakePercent: s.deleteBrakePercent } : {}),
      ...(s.intervalSeconds
        ? { schedule: { kind: 'interval' as const, seconds: s.intervalSeconds } }
        : {}),
      ...(s.initialMatchDone !== undefined ? { initialMatchDone: s.initialMatchDone } : {}),
    });
    enabled.push(module, ...result.alsoEnabled);
  }
  // "disabled" pauses a module of a tenant given again: children before the parents they need.
  const disabled = Object.entries(file.modules)
    .filter(([, s]) => s.direction === 'disabled')
    .map(([name]) => moduleDefinition(name).module)
    .sort((a, b) => MODULES.indexOf(b) - MODULES.indexOf(a));
  for (const module of disabled) await disableModule(repos.moduleSettings, tenant.id, module);
  return { tenantId: tenant.id, created, enabled: [...new Set(enabled)], disabled };
}
