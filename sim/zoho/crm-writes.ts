import { type Request, type Response, Router } from 'express';
import { crmLocals, moduleFromPath } from './crm-guard.js';
import { zohoError } from './faults.js';
import type { SimNotifier } from './notifier.js';
import { writeRecords, type WriteOp } from './record-writes.js';
import type { SimStore } from './store.js';
import { unindex } from './value-index.js';

/** Insert, update and upsert, at most 100 records per call; notifies watching channels. */

const WRITE_CAP = 100;

export function writesRouter(store: SimStore, notifier: SimNotifier): Router {
  const router = Router();
  const moduleOf = moduleFromPath;
  const bad = (
    res: Response,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) => res.status(400).json(zohoError(code, message, details));

  function write(op: WriteOp) {
    return (req: Request, res: Response) => {
      const module = moduleOf(req, res);
      if (!module) return;
      const body = req.body as {
        data?: unknown;
        trigger?: unknown;
        duplicate_check_fields?: unknown;
      };
      let data = body?.data;
      const pathId = (req.params as Record<string, string>).id;
      if (!Array.isArray(data) || data.length === 0) {
        bad(res, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
          param_name: 'data',
        });
        return;
      }
      if (data.length > WRITE_CAP) {
        bad(res, 'LIMIT_EXCEEDED', 'the number of records exceeds 100', { limit: WRITE_CAP });
        return;
      }
      if (pathId) data = data.map((r: unknown) => ({ ...(r as object), id: pathId }));
      const dupFields = Array.isArray(body.duplicate_check_fields)
        ? body.duplicate_check_fields.map(String)
        : undefined;
      const { org, user } = crmLocals(res);
      const result = writeRecords({ store, org, module, user }, op, data as unknown[], dupFields);
      const triggers = Array.isArray(body.trigger) ? body.trigger.map(String) : undefined;
      const succeeded = result.created.length + result.edited.length;
      if (!triggers || triggers.includes('workflow')) org.workflowRuns += succeeded;
      notifier.notify(org, module.def.api_name, 'create', result.created);
      notifier.notify(org, module.def.api_name, 'edit', result.edited);
      const failed = result.entries.length - succeeded;
      const status =
        failed === 0
          ? result.created.length > 0 && op !== 'update'
            ? 201
            : 200
          : succeeded === 0
            ? 400
            : 207;
      res.status(status).json({ data: result.entries });
    };
  }

  router.delete('/crm/v8/:module', (req, res) => {
    const module = moduleOf(req, res);
    if (!module) return;
    const ids = String(req.query.ids ?? '')
      .split(',')
      .filter(Boolean);
    if (ids.length === 0) {
      bad(res, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'ids',
      });
      return;
    }
    if (ids.length > WRITE_CAP) {
      bad(res, 'LIMIT_EXCEEDED', 'the number of records exceeds 100', { limit: WRITE_CAP });
      return;
    }
    const { org, user } = crmLocals(res);
    const deleted: string[] = [];
    const entries = ids.map((id) => {
      const rec = module.records.get(id);
      if (!rec) return zohoError('INVALID_DATA', 'record not deleted', { id });
      unindex(module, rec);
      module.records.delete(id);
      module.deleted.push({
        id,
        display_name: String(rec.data[module.def.name_field] ?? ''),
        deletedMs: store.now(),
        deleted_by: { id: user.id, name: user.full_name },
      });
      deleted.push(id);
      return { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' };
    });
    if (req.query.wf_trigger !== 'false') org.workflowRuns += deleted.length;
    notifier.notify(org, module.def.api_name, 'delete', deleted);
    res
      .status(deleted.length === ids.length ? 200 : deleted.length === 0 ? 400 : 207)
      .json({ data: entries });
  });

  router.post('/crm/v8/:module/upsert', write('upsert'));
  router.post('/crm/v8/:module', write('insert'));
  router.put('/crm/v8/:module', write('update'));
  router.put('/crm/v8/:module/:id', write('update'));

  return router;
}
