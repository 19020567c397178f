import { Router } from 'express';
import { CATALOG } from '../../sync/catalog/index.js';
import type { ModuleName } from '../../sync/vocabulary.js';
import type { FieldMeta } from '../../zoho/schemas.js';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';
import { checkFilters } from './filter-checks.js';
import { catalogSageFields, catalogZohoFields } from './known-fields.js';
import { emptyBody } from './schemas.js';
import { filterCountBody, previewBody } from './settings-schemas.js';
import { moduleParam, parseInput } from './validate.js';
import { reportView } from './views.js';

/**
 * What the settings tab's mapping and filter screens need beyond the module routes: both sides'
 * field lists, reset to the catalog's defaults, a dry run of one record, and a filter count.
 */
export function settingsRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;
  const admin = requireSession({ admin: true });

  router.get('/modules/:module/fields', admin, async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const zoho = await zohoFields(deps, tid, module);
    const sage = sageFields(
      module,
      (await repos.sageConnections.get(tid))?.lengthProfile ?? '2023',
    );
    res.json({ module, zoho, sage });
  });

  router.post('/modules/:module/mappings/reset', admin, async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    parseInput(emptyBody, req.body, 'body');
    // No saved rows means the catalog's defaults (GET answers them with isDefault: true).
    await repos.mappings.replaceMappings(tid, module, []);
    res.json({ module, isDefault: true, mappings: CATALOG[module].defaultMappings });
  });

  router.post('/modules/:module/mappings/preview', admin, async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const body = parseInput(previewBody, req.body, 'body');
    const ref = body.zohoId
      ? { side: 'zoho' as const, id: body.zohoId }
      : { side: 'sage' as const, id: body.sageKey! };
    const allowed = CATALOG[module].allowedDirections;
    const from = ref.side === 'zoho' ? 'zoho_to_sage' : 'sage_to_zoho';
    if (!allowed.includes(from) && !allowed.includes('both')) {
      throw new HttpProblem(
        422,
        'Direction not allowed',
        `${CATALOG[module].label} only flow ${ref.side === 'zoho' ? 'from Sage to Zoho: preview a Sage key' : 'from Zoho to Sage: preview a Zoho record'}.`,
      );
    }
    const report = await withEngine(deps.openEngine, tid, (e) =>
      e.syncRecord(tid, module, ref, { dryRun: true }),
    );
    res.json({ module, ref, report: reportView(report) });
  });

  router.post('/modules/:module/filters/count', admin, async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const { filters, filterMatch } = parseInput(filterCountBody, req.body, 'body');
    await checkFilters(deps, tid, module, filters);
    const sides = await withEngine(deps.openEngine, tid, (e) =>
      e.countFiltered(module, filters, filterMatch),
    );
    res.json({ module, filterMatch, sides });
  });

  return router;
}

export interface ZohoFieldView {
  apiName: string;
  label: string;
  type: string;
  custom: boolean;
  readOnly: boolean;
  mandatory: boolean;
  length: number | null;
}

async function zohoFields(
  deps: ApiDeps,
  tenantId: string,
  module: ModuleName,
): Promise<{ from: 'zoho' | 'catalog'; reason?: string; fields: ZohoFieldView[] }> {
  const def = CATALOG[module];
  let metas: FieldMeta[] | undefined;
  let reason: string | undefined;
  if (deps.zohoMetadata) {
    try {
      metas = await deps.zohoMetadata(tenantId).getFields(module);
    } catch (err) {
      reason = `Zoho did not list the fields (${(err as Error).message}); showing the standard ones.`;
    }
  } else {
    reason = 'Zoho is not configured; showing the standard fields.';
  }
  if (metas) {
    return {
      from: 'zoho',
      fields: metas
        .map((f) => ({
          apiName: f.api_name,
          label: f.field_label,
          type: f.data_type,
          custom: f.custom_field,
          readOnly: f.read_only,
          mandatory: f.system_mandatory,
          length: f.length ?? null,
        }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    };
  }
  return {
    from: 'catalog',
    reason,
    fields: [...catalogZohoFields(module)].sort().map((apiName) => ({
      apiName,
      label: apiName.replace(/_/g, ' '),
      type: def.zohoPicklists[apiName] ? 'picklist' : 'text',
      custom: false,
      readOnly: false,
      mandatory: def.zohoMandatory.includes(apiName),
      length: def.zohoLengths[apiName] ?? null,
    })),
  };
}

function sageFields(module: ModuleName, profile: '2018' | '2023') {
  const def = CATALOG[module];
  const lengths = def.sageLengths[profile];
  const keys = new Set(def.sageKey.map((p) => p.field));
  return {
    lengthProfile: profile,
    fields: [...catalogSageFields(module)].sort().map((name) => ({
      name,
      length: lengths[name] ?? null,
      mandatory: def.sageMandatory.includes(name),
      key: keys.has(name),
    })),
  };
}
