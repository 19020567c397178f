import type { ModuleSettings } from '../model/index.js';
import { moduleDefinition } from '../catalog/index.js';
import {
  InvalidMappingError,
  KeyFieldMissingError,
  ModuleDisabledError,
  OptInFieldMissingError,
} from '../errors.js';
import { filterOperator } from '../mapping/filters.js';
import { compileMappings } from '../mapping/compile.js';
import { zohoReadFields } from '../mapping/read-fields.js';
import type { ModuleContext } from '../plan/context.js';
import type { ModuleName } from '../vocabulary.js';
import type { EngineDeps } from './deps.js';
import { LinkLookups } from './lookups.js';
import { settingsOrDefault } from '../modules.js';

/** Loads a tenant's module settings, mappings (the catalog's defaults if none saved) and filters. */
export async function loadModuleContext(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  options: {
    forceWinner?: ModuleContext['forceWinner'];
    allowDisabled?: boolean;
    /** The settings as the run's preflight has just read them (not read a second time). */
    settings?: ModuleSettings;
  } = {},
): Promise<ModuleContext & { lookups: LinkLookups }> {
  const def = moduleDefinition(module);
  const settings =
    options.settings ??
    settingsOrDefault(tenantId, module, await deps.repos.moduleSettings.get(tenantId, module));
  if (settings.direction === 'disabled' && !options.allowDisabled) {
    throw new ModuleDisabledError(module);
  }
  const saved = await deps.repos.mappings.listMappings(tenantId, module);
  let mappings = compileMappings(module, saved.length > 0 ? saved : def.defaultMappings);
  const known = await deps.gateways.crm.fieldNames?.(module);
  let missingZohoFields: string[] | undefined;
  // A gateway that cannot list fields is trusted to have the extension's (the catalog's) fields.
  let optInFieldPresent = def.optIn !== undefined;
  if (known) {
    const names = new Set(known);
    // Without the key field every upsert protection is gone: refuse before anything is written.
    if (!names.has(def.zohoKeyField)) throw new KeyFieldMissingError(module, def.zohoKeyField);
    optInFieldPresent = def.optIn !== undefined && names.has(def.optIn.zohoField);
    if (def.optIn && settings.optIn && !optInFieldPresent) {
      throw new OptInFieldMissingError(module, def.optIn.zohoField);
    }
    missingZohoFields = [
      ...new Set(mappings.flatMap((m) => m.zohoFields.filter((f) => !names.has(f)))),
    ];
    mappings = mappings.filter((m) => m.zohoFields.every((f) => names.has(f)));
  }
  const lineMappings = def.lines ? compileMappings(module, def.lines.mappings) : undefined;
  const filters = await deps.repos.mappings.listFilters(tenantId, module);
  const badFilters = filters.flatMap((f, i) =>
    filterOperator.safeParse(f.operator).success
      ? []
      : [`filter ${i + 1} (${f.field}): unknown operator "${f.operator}"`],
  );
  // A filter nobody can evaluate would silently hold back every record: refuse to run instead.
  if (badFilters.length > 0) throw new InvalidMappingError(module, badFilters);
  // Reads return only the fields named: the tenant's custom fields must be among them.
  deps.gateways.crm.selectFields(module, zohoReadFields(def, mappings, filters));
  const { sage } = deps.gateways;
  // The gateway was opened with the connection's profile: no second read of the connection.
  const profile =
    sage.lengthProfile ?? (await deps.repos.sageConnections.get(tenantId))?.lengthProfile ?? '2023';
  // Sage's own member lengths (the gateway knows the installation's profile) over the catalog's.
  const sageLengths = { ...def.sageLengths[profile] };
  if (sage.maxLength) {
    for (const m of mappings) {
      for (const f of m.sageFields) {
        const max = sage.maxLength(module, f);
        if (max !== undefined) sageLengths[f] = max;
      }
    }
  }
  return {
    def,
    settings,
    mappings,
    lineMappings,
    filters,
    sageLengths,
    sageValidate: sage.validate && ((fields, lines) => sage.validate!(module, fields, lines)),
    lookups: new LinkLookups(
      deps.repos.links,
      tenantId,
      deps.gateways.crm.deals,
      deps.gateways.crm.idsByField?.bind(deps.gateways.crm),
    ),
    forceWinner: options.forceWinner,
    missingZohoFields,
    optInFieldPresent,
  };
}
