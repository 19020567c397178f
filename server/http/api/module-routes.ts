import { Router } from 'express';
import type { ModuleSettings } from '../../db/repositories/module-settings.js';
import { checkSchedule, InvalidScheduleError } from '../../jobs/schedule.js';
import { CATALOG } from '../../sync/catalog/index.js';
import { editionInForce } from '../../zoho/limits.js';
import { editionAvailability } from '../../zoho/module-availability.js';
import { compileMappings } from '../../sync/mapping/compile.js';
import { disableModule, enableModule, settingsOrDefault } from '../../sync/modules.js';
import { DEFAULT_ATTEMPT_LIMIT } from '../../sync/run/pending.js';
import { MODULES, type ModuleName } from '../../sync/vocabulary.js';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import { checkDealStages } from './deal-stage-options.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';
import { checkFilters } from './filter-checks.js';
import { knownFields } from './known-fields.js';
import { filtersBody, mappingsBody, moduleSettingsBody } from './schemas.js';
import { moduleParam, parseInput } from './validate.js';
import { runSummary } from './views.js';

/** Module pairs: settings, enable/disable with needs, field mappings, filters, initial match. */
export function moduleRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  /** Whether the org has the module: Zoho's answer when it can be asked, else the edition's. */
  const availabilityOf = async (tenantId: string, module: ModuleName) =>
    deps.moduleAvailability
      ? deps.moduleAvailability.check(tenantId, module)
      : editionAvailability(module, editionInForce(await repos.zohoConnections.get(tenantId)));

  const moduleView = async (tenantId: string, module: ModuleName, saved?: ModuleSettings) => {
    const def = CATALOG[module];
    const availability = await availabilityOf(tenantId, module);
    const settings = settingsOrDefault(tenantId, module, saved);
    const [lastRun] = await repos.runs.listRecent(tenantId, { module, limit: 1 });
    // Failed records later runs still owe a try (or that reached the limit and wait for the
    // admin): while any is outstanding the module is not caught up, whatever the last run says.
    const retries = await repos.pendingRecords.countRetries(
      tenantId,
      module,
      DEFAULT_ATTEMPT_LIMIT,
    );
    const { tenantId: _t, module: _m, ...rest } = settings;
    return {
      module,
      label: def.label,
      allowedDirections: def.allowedDirections,
      needs: def.needs,
      neededBy: MODULES.filter((m) => CATALOG[m].needs.includes(module)),
      optInField: def.optIn?.zohoField ?? null,
      settings: rest,
      availability: availability.available
        ? { available: true }
        : {
            available: false,
            code: availability.code,
            reason: availability.reason,
            action: availability.action ?? null,
          },
      lastRun: lastRun ? runSummary(lastRun) : null,
      retries,
      caughtUp: lastRun?.status === 'succeeded' && retries.waiting + retries.exhausted === 0,
    };
  };

  router.get('/modules', requireSession(), async (_req, res) => {
    const { tid } = sessionOf(res);
    const saved = await repos.moduleSettings.list(tid);
    const modules = await Promise.all(
      MODULES.map((m) =>
        moduleView(
          tid,
          m,
          saved.find((s) => s.module === m),
        ),
      ),
    );
    res.json({ modules });
  });

  router.put('/modules/:module', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const body = parseInput(moduleSettingsBody, req.body, 'body');
    if (body.schedule) {
      try {
        checkSchedule(body.schedule);
      } catch (err) {
        if (err instanceof InvalidScheduleError) {
          throw new HttpProblem(422, 'Invalid schedule', err.message, { field: 'schedule' });
        }
        throw err;
      }
    }
    if (body.optIn !== undefined && !CATALOG[module].optIn) {
      throw new HttpProblem(
        422,
        'No opt-in for this module',
        `${module} has no opt-in checkbox: only ${MODULES.filter((m) => CATALOG[m].optIn).join(', ')} do.`,
        { code: 'opt_in_not_supported', field: 'optIn' },
      );
    }
    if (body.dealStages !== undefined && !CATALOG[module].dealStages) {
      throw new HttpProblem(
        422,
        'No Deal stages for this module',
        'Deal stages follow sales orders: set dealStages on Sales_Orders.',
        { code: 'deal_stages_not_supported', field: 'dealStages' },
      );
    }
    if (body.dealStages) await checkDealStages(deps, tid, body.dealStages);
    const { direction, ...overrides } = body;
    if (direction && direction !== 'disabled') {
      // A module the org lacks cannot be switched on: it would never run.
      const availability = await availabilityOf(tid, module);
      if (!availability.available) {
        throw new HttpProblem(422, 'Module unavailable', availability.reason, {
          code: availability.code,
          ...(availability.action ? { action: availability.action } : {}),
        });
      }
    }
    let alsoEnabled: ModuleName[] = [];
    if (direction && direction !== 'disabled') {
      ({ alsoEnabled } = await enableModule(
        repos.moduleSettings,
        tid,
        module,
        direction,
        overrides,
      ));
    } else {
      if (direction === 'disabled') await disableModule(repos.moduleSettings, tid, module);
      const current = settingsOrDefault(tid, module, await repos.moduleSettings.get(tid, module));
      await repos.moduleSettings.save({ ...current, ...overrides });
    }
    const view = await moduleView(tid, module, await repos.moduleSettings.get(tid, module));
    res.json({ ...view, alsoEnabled });
  });

  router.get('/modules/:module/mappings', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const saved = await repos.mappings.listMappings(tid, module);
    res.json({
      module,
      isDefault: saved.length === 0,
      mappings: saved.length > 0 ? saved : CATALOG[module].defaultMappings,
    });
  });

  router.put('/modules/:module/mappings', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const { mappings } = parseInput(mappingsBody, req.body, 'body');
    // The engine's own compiler: arity rules for several fields, transform specs.
    compileMappings(module, mappings);
    const known = await knownFields(module, tid, deps.listZohoFields);
    const unknown = mappings.flatMap((m, i) => [
      ...m.zohoField
        .split(',')
        .filter((f) => !known.zoho.has(f))
        .map((f) => ({ path: `mappings.${i}.zohoField`, message: `Zoho has no field ${f}` })),
      ...m.sageField
        .split(',')
        .filter((f) => !known.sage.has(f))
        .map((f) => ({ path: `mappings.${i}.sageField`, message: `Sage has no field ${f}` })),
    ]);
    if (unknown.length > 0) {
      throw new HttpProblem(
        422,
        'Unknown fields',
        unknown.map((u) => `${u.path}: ${u.message}`).join('; '),
        { issues: unknown, zohoFieldsFrom: known.zohoSource },
      );
    }
    await repos.mappings.replaceMappings(tid, module, mappings);
    res.json({
      module,
      isDefault: false,
      mappings: await repos.mappings.listMappings(tid, module),
    });
  });

  router.get('/modules/:module/filters', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const settings = settingsOrDefault(tid, module, await repos.moduleSettings.get(tid, module));
    res.json({
      module,
      filterMatch: settings.filterMatch,
      filters: await repos.mappings.listFilters(tid, module),
      presets: CATALOG[module].filterPresets ?? [],
    });
  });

  router.put('/modules/:module/filters', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const { filters } = parseInput(filtersBody, req.body, 'body');
    await checkFilters(deps, tid, module, filters);
    await repos.mappings.replaceFilters(tid, module, filters);
    res.json({ module, filters: await repos.mappings.listFilters(tid, module) });
  });

  router.post(
    '/modules/:module/matches/propose',
    requireSession({ admin: true }),
    async (req, res) => {
      const { tid } = sessionOf(res);
      const module = moduleParam(req.params.module);
      const summary = await withEngine(deps.openEngine, tid, (e) => e.proposeMatches(tid, module));
      res.json({ module, ...summary });
    },
  );

  return router;
}
