import crypto from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { zohoError } from './faults.js';
import { crmLocals, moduleFromPath } from './crm-guard.js';
import {
  CriteriaError,
  matchesCriteria,
  parseCriteria,
  project,
  sortRecords,
} from './record-reads.js';
import type { SimModuleState, SimStore } from './store.js';
import { zohoTime } from './store.js';

/** The records read endpoints of CRM v8: list, get, search, deleted. */

const PAGE_CAP = 2000;
const MAX_PER_PAGE = 200;

interface PageCursor {
  /** The request that issued the token, less `page`: a later page must repeat it exactly. */
  bound: string;
  orgId: string;
  userId: string;
  module: string;
  ids: string[];
  offset: number;
  fields: string[];
  perPage: number;
  expiresMs: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** What a page token is bound to: the module, every query parameter but the page, the header. */
function boundTo(req: Request, module: string): string {
  const params = Object.entries(req.query)
    .filter(([k]) => k !== 'page' && k !== 'page_token')
    .map(([k, v]) => [k, String(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
  return JSON.stringify([module, params, req.get('if-modified-since') ?? null]);
}

export function recordsRouter(store: SimStore): Router {
  const router = Router({ mergeParams: true });
  const cursors = new Map<string, PageCursor>();

  const moduleOf = moduleFromPath;

  const bad = (
    res: Response,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) => res.status(400).json(zohoError(code, message, details));

  const parseFields = (req: Request, res: Response, required: boolean): string[] | undefined => {
    const raw = str(req.query.fields);
    if (!raw) {
      if (required)
        bad(res, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
          param_name: 'fields',
        });
      return required ? undefined : [];
    }
    const fields = raw
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    if (fields.length > 50) {
      bad(res, 'LIMIT_EXCEEDED', 'fields cannot exceed 50', { param_name: 'fields', limit: 50 });
      return undefined;
    }
    return fields;
  };

  const perPageOf = (req: Request, res: Response): number | undefined => {
    const perPage = Number(req.query.per_page ?? MAX_PER_PAGE);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
      bad(res, 'INVALID_DATA', 'invalid per_page', {
        param_name: 'per_page',
        maximum: MAX_PER_PAGE,
      });
      return undefined;
    }
    return perPage;
  };

  const allFields = (m: SimModuleState) => m.def.fields.map((f) => f.api_name);

  const sinceOf = (req: Request): number | undefined => {
    const h = req.get('if-modified-since');
    if (!h) return undefined;
    const ms = Date.parse(h);
    return Number.isNaN(ms) ? undefined : ms;
  };

  /** Serves one page of a snapshot of ids, issuing a page token for the rest. */
  function sendPage(
    res: Response,
    cursor: Omit<PageCursor, 'expiresMs'>,
    module: SimModuleState,
    page: number,
    sortBy: string,
    sortOrder: string,
  ) {
    const slice = cursor.ids.slice(cursor.offset, cursor.offset + cursor.perPage);
    const more = cursor.offset + cursor.perPage < cursor.ids.length;
    const timeZone = crmLocals(res).org.time_zone;
    let next: string | null = null;
    const expiresMs = store.now() + 24 * 3600_000;
    if (more) {
      next = crypto.randomBytes(24).toString('hex');
      for (const [t, c] of cursors)
        if (c.expiresMs < store.now() - 24 * 3600_000) cursors.delete(t);
      cursors.set(next, { ...cursor, offset: cursor.offset + cursor.perPage, expiresMs });
    }
    res.json({
      data: slice.map((id) => {
        const rec = module.records.get(id);
        return rec ? project(rec, cursor.fields, timeZone) : { id };
      }),
      info: {
        per_page: cursor.perPage,
        count: slice.length,
        page,
        sort_by: sortBy,
        sort_order: sortOrder,
        more_records: more,
        next_page_token: next,
        previous_page_token: null,
        page_token_expiry: more ? zohoTime(expiresMs, timeZone) : null,
      },
    });
  }

  router.get('/crm/v8/:module', (req, res) => {
    const module = moduleOf(req, res);
    if (!module) return;
    const { org, user } = crmLocals(res);
    const fields = parseFields(req, res, true);
    const perPage = fields && perPageOf(req, res);
    if (!fields || !perPage) return;
    const idList = str(req.query.ids);
    if (idList) {
      const ids = idList.split(',').filter((id) => module.records.has(id));
      if (ids.length === 0) {
        res.status(204).end();
        return;
      }
      sendPage(
        res,
        {
          bound: boundTo(req, module.def.api_name),
          orgId: org.id,
          userId: user.id,
          module: module.def.api_name,
          ids,
          offset: 0,
          fields,
          perPage: MAX_PER_PAGE,
        },
        module,
        1,
        'id',
        'asc',
      );
      return;
    }
    const token = str(req.query.page_token);
    const sortBy = str(req.query.sort_by) ?? 'id';
    const sortOrder = str(req.query.sort_order) ?? 'desc';
    if (token) {
      if (req.query.page !== undefined) {
        bad(res, 'INVALID_REQUEST', 'page and page_token cannot be used together');
        return;
      }
      const cursor = cursors.get(token);
      if (
        !cursor ||
        cursor.orgId !== org.id ||
        cursor.userId !== user.id ||
        cursor.bound !== boundTo(req, module.def.api_name)
      ) {
        bad(
          res,
          'TOKEN_BOUND_DATA_MISMATCH',
          'The page_token given seems to be invalid or input param is added or altered or deleted',
          { param_name: 'page_token' },
        );
        return;
      }
      if (cursor.expiresMs < store.now()) {
        bad(res, 'EXPIRED_VALUE', 'Page token expired', {
          api_name: 'page_token',
          json_path: '$.query.page_token',
        });
        return;
      }
      if (cursor.offset >= store.pageTokenLimit) {
        bad(
          res,
          'PAGINATION_LIMIT_EXCEEDED',
          `You can only get upto ${store.pageTokenLimit} records using page_token param`,
          { param_name: 'page_token' },
        );
        return;
      }
      sendPage(res, cursor, module, Math.floor(cursor.offset / perPage) + 1, sortBy, sortOrder);
      return;
    }
    if (
      !['id', 'Created_Time', 'Modified_Time'].includes(sortBy) ||
      !['asc', 'desc'].includes(sortOrder)
    ) {
      bad(res, 'INVALID_DATA', 'invalid sort', { param_name: 'sort_by' });
      return;
    }
    const page = Number(req.query.page ?? 1);
    if (!Number.isInteger(page) || page < 1) {
      bad(res, 'INVALID_DATA', 'invalid page', { param_name: 'page' });
      return;
    }
    if (page * perPage > PAGE_CAP) {
      bad(
        res,
        'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        `You can only get the first ${PAGE_CAP} records without using page_token param`,
        { limit: PAGE_CAP },
      );
      return;
    }
    const since = sinceOf(req);
    let records = [...module.records.values()];
    // If-Modified-Since compares at Zoho's one-second precision, inclusively.
    if (since !== undefined)
      records = records.filter((r) => Math.floor(r.modifiedMs / 1000) * 1000 >= since);
    if (records.length === 0) {
      res.status(since !== undefined && module.records.size > 0 ? 304 : 204).end();
      return;
    }
    const ids = sortRecords(records, sortBy as 'id', sortOrder as 'asc').map((r) => r.id);
    sendPage(
      res,
      {
        bound: boundTo(req, module.def.api_name),
        orgId: org.id,
        userId: user.id,
        module: module.def.api_name,
        ids,
        offset: (page - 1) * perPage,
        fields,
        perPage,
      },
      module,
      page,
      sortBy,
      sortOrder,
    );
  });

  router.get('/crm/v8/:module/deleted', (req, res) => {
    const module = moduleOf(req, res);
    const perPage = module && perPageOf(req, res);
    if (!module || !perPage) return;
    const type = str(req.query.type) ?? 'all';
    if (!['all', 'recycle', 'permanent'].includes(type)) {
      bad(res, 'INVALID_DATA', 'invalid type', { param_name: 'type' });
      return;
    }
    const page = Number(req.query.page ?? 1);
    const since = sinceOf(req);
    const rows = module.deleted
      .filter(
        (d) =>
          (since === undefined || Math.floor(d.deletedMs / 1000) * 1000 >= since) &&
          type !== 'permanent',
      )
      .sort((a, b) => b.deletedMs - a.deletedMs);
    const slice = rows.slice((page - 1) * perPage, page * perPage);
    if (slice.length === 0) {
      res.status(204).end();
      return;
    }
    res.json({
      data: slice.map((d) => ({
        id: d.id,
        display_name: d.display_name,
        type: 'recycle',
        deleted_by: d.deleted_by,
        deleted_time: zohoTime(d.deletedMs, crmLocals(res).org.time_zone),
        created_by: d.deleted_by,
      })),
      info: {
        per_page: perPage,
        count: slice.length,
        page,
        more_records: rows.length > page * perPage,
      },
    });
  });

  router.get('/crm/v8/:module/search', (req, res) => {
    const module = moduleOf(req, res);
    const perPage = module && perPageOf(req, res);
    const fields = perPage && parseFields(req, res, false);
    if (!module || !perPage || !fields) return;
    const page = Number(req.query.page ?? 1);
    if (page * perPage > PAGE_CAP) {
      bad(res, 'LIMIT_REACHED', 'search results are limited to 2000 records', { limit: PAGE_CAP });
      return;
    }
    const criteria = str(req.query.criteria);
    const email = str(req.query.email);
    const phone = str(req.query.phone);
    const word = str(req.query.word);
    let match: (r: Parameters<typeof project>[0]) => boolean;
    if (criteria) {
      try {
        const parsed = parseCriteria(criteria);
        if (parsed.count > 10) {
          bad(res, 'LIMIT_EXCEEDED', 'criteria cannot have more than 10 conditions', { limit: 10 });
          return;
        }
        match = (r) => matchesCriteria(module, r, parsed.node);
      } catch (err) {
        if (!(err instanceof CriteriaError)) throw err;
        bad(res, 'INVALID_QUERY', 'invalid query formed', { reason: err.message });
        return;
      }
    } else if (email || phone || word) {
      const needle = (email ?? phone ?? word ?? '').toLowerCase();
      const types = email ? ['email'] : phone ? ['phone'] : ['text', 'email', 'phone', 'textarea'];
      const searchable = module.def.fields.filter((f) => types.includes(f.data_type));
      match = (r) =>
        searchable.some((f) => {
          const v = String(r.data[f.api_name] ?? '').toLowerCase();
          return word ? v.includes(needle) : v === needle;
        });
    } else {
      bad(res, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'criteria',
      });
      return;
    }
    const hits = sortRecords([...module.records.values()].filter(match), 'id', 'asc');
    const slice = hits.slice((page - 1) * perPage, page * perPage);
    if (slice.length === 0) {
      res.status(204).end();
      return;
    }
    const shown = fields.length > 0 ? fields : allFields(module);
    res.json({
      data: slice.map((r) => project(r, shown, crmLocals(res).org.time_zone)),
      info: {
        per_page: perPage,
        count: slice.length,
        page,
        more_records: hits.length > page * perPage,
      },
    });
  });

  router.get('/crm/v8/:module/:id', (req, res) => {
    const module = moduleOf(req, res);
    const fields = module && parseFields(req, res, false);
    if (!module || !fields) return;
    const rec = module.records.get(String(req.params.id));
    if (!rec) {
      res.status(204).end();
      return;
    }
    res.json({
      data: [
        project(rec, fields.length > 0 ? fields : allFields(module), crmLocals(res).org.time_zone),
      ],
    });
  });

  return router;
}
