import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { SimAdmin } from './admin.js';
import { simFaultSchema } from './faults.js';

const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The test-only HTTP face of SimAdmin, under /__sim/ (documented in docs/simulators.md). */
export function adminRouter(admin: SimAdmin): Router {
  const router = Router();
  // Read as JSON whatever the Content-Type says (curl -d sends a form type), as the CRM does.
  router.use('/__sim', express.json({ limit: '50mb', type: () => true }), (req, _res, next) => {
    req.body ??= {};
    next();
  });
  const s = (v: unknown) => String(v ?? '');
  const handle =
    (fn: (req: Request, res: Response) => unknown) =>
    (req: Request, res: Response, next: NextFunction) => {
      try {
        const out = fn(req, res);
        if (!res.headersSent) res.status(out === undefined ? 204 : 200).json(out ?? undefined);
      } catch (err) {
        if (err instanceof Error) res.status(400).json({ error: err.message });
        else next(err);
      }
    };

  router.post(
    '/__sim/clients',
    handle((req) => {
      admin.registerClient({
        clientId: s(req.body.client_id),
        clientSecret: s(req.body.client_secret),
        redirectUris: (req.body.redirect_uris as string[]) ?? [],
      });
    }),
  );
  router.post(
    '/__sim/orgs',
    handle((req) =>
      admin.createOrg({
        id: req.body.id,
        companyName: s(req.body.company_name || 'Simulated Org'),
        dc: req.body.dc,
        edition: req.body.edition,
        trial: req.body.trial,
        timeZone: req.body.time_zone,
      }),
    ),
  );
  router.post(
    '/__sim/orgs/:org/users',
    handle((req) =>
      admin.createUser(s(req.params.org), {
        email: s(req.body.email),
        fullName: req.body.full_name,
        profile: req.body.profile,
      }),
    ),
  );
  router.post(
    '/__sim/orgs/:org/modules',
    handle((req) => {
      admin.createCustomModule(
        s(req.params.org),
        s(req.body.api_name),
        s(req.body.singular_label),
        s(req.body.plural_label),
        { bare: req.body.bare === true },
      );
    }),
  );
  router.post(
    '/__sim/orgs/:org/users/:user/refresh-tokens',
    handle((req) => ({
      refresh_token: admin.mintRefreshToken(s(req.params.org), s(req.params.user), {
        clientId: s(req.body.client_id),
        scope: req.body.scope,
      }),
    })),
  );
  router.post(
    '/__sim/browser-user',
    handle((req) => {
      admin.signInAs(req.body.user_id ? s(req.body.user_id) : undefined);
    }),
  );
  router.post(
    '/__sim/orgs/:org/records/:module',
    handle((req) => ({
      ids: admin.seedRecords(s(req.params.org), s(req.params.module), seedable(req.body.records)),
    })),
  );
  router.get(
    '/__sim/orgs/:org/records/:module',
    handle((req) => ({
      records: admin.records(s(req.params.org), s(req.params.module)),
    })),
  );
  router.patch(
    '/__sim/orgs/:org/records/:module/:id',
    handle((req) => {
      admin.editRecord(s(req.params.org), s(req.params.module), s(req.params.id), req.body ?? {});
    }),
  );
  router.delete(
    '/__sim/orgs/:org/records/:module/:id',
    handle((req) => {
      admin.deleteRecord(s(req.params.org), s(req.params.module), s(req.params.id));
    }),
  );
  router.get(
    '/__sim/orgs/:org/stats',
    handle((req) => admin.stats(s(req.params.org))),
  );
  router.post(
    '/__sim/faults',
    handle((req) => {
      const fault = simFaultSchema.safeParse(req.body);
      if (!fault.success) {
        const issue = fault.error.issues[0];
        throw new Error(`fault: ${issue?.path.join('.') || '(body)'}: ${issue?.message}`);
      }
      admin.faults.add(fault.data);
    }),
  );
  router.delete(
    '/__sim/faults',
    handle(() => {
      admin.faults.clear();
    }),
  );
  router.post(
    '/__sim/latency',
    handle((req) => {
      const ms: unknown = req.body?.ms;
      if (typeof ms !== 'number') throw new Error('ms must be a number of milliseconds');
      admin.faults.setLatency(ms);
    }),
  );
  router.post(
    '/__sim/tokens/expire',
    handle((req) => ({
      expired: admin.expireAccessTokens(req.body?.org_id ? s(req.body.org_id) : undefined),
    })),
  );
  router.post(
    '/__sim/clock',
    handle((req) => {
      admin.advanceClock(Number(req.body.advance_ms ?? 0));
    }),
  );
  // A body that is not JSON, or too large: the error as JSON, never Express's HTML stack page.
  router.use('/__sim', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const { status, type } = err as { status?: unknown; type?: unknown };
    if (!(err instanceof Error) || typeof type !== 'string' || typeof status !== 'number') {
      return next(err);
    }
    const what = type === 'entity.parse.failed' ? 'the body is not JSON' : 'the body is refused';
    res.status(status < 500 ? status : 400).json({ error: `${what}: ${err.message}` });
  });
  return router;
}

/** Seeded records are objects of field values; anything else is refused whole. */
function seedable(records: unknown): Array<Record<string, unknown>> {
  if (records === undefined) return [];
  if (!Array.isArray(records) || !records.every(isRecord)) {
    throw new Error('records must be a list of records (objects of field values)');
  }
  return records as Array<Record<string, unknown>>;
}
