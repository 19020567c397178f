import { Router } from 'express';
import { moduleFromPath } from './crm-guard.js';
import { zohoError } from './faults.js';
import { CriteriaError, matchesCriteria, parseCriteria } from './record-reads.js';

/**
 * `GET /crm/v8/{module}/actions/count` (Zoho's "Module Record Count"): `{count}` of the module's
 * records, or of those meeting `criteria` (the search grammar). Zoho allows either `cvid` or one
 * search parameter; the simulator knows no custom views, so `cvid` is refused as unsupported.
 */
export function countRouter(): Router {
  const router = Router({ mergeParams: true });
  router.get('/crm/v8/:module/actions/count', (req, res) => {
    const module = moduleFromPath(req, res);
    if (!module) return;
    const criteria = typeof req.query.criteria === 'string' ? req.query.criteria : undefined;
    if (req.query.cvid !== undefined && criteria !== undefined) {
      res
        .status(400)
        .json(zohoError('AMBIGUITY_DURING_PROCESSING', 'cvid and criteria cannot be combined'));
      return;
    }
    if (req.query.cvid !== undefined) {
      res.status(400).json(zohoError('NOT_SUPPORTED', 'custom views are not simulated'));
      return;
    }
    const records = [...module.records.values()];
    if (!criteria) {
      res.json({ count: records.length });
      return;
    }
    try {
      const parsed = parseCriteria(criteria);
      if (parsed.count > 10) {
        res.status(400).json(
          zohoError('LIMIT_EXCEEDED', 'criteria cannot have more than 10 conditions', {
            limit: 10,
          }),
        );
        return;
      }
      res.json({ count: records.filter((r) => matchesCriteria(module, r, parsed.node)).length });
    } catch (err) {
      if (!(err instanceof CriteriaError)) throw err;
      res
        .status(400)
        .json(zohoError('INVALID_QUERY', 'invalid query formed', { reason: err.message }));
    }
  });
  return router;
}
