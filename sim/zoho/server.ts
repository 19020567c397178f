import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { accountsRouter } from './accounts-server.js';
import { SimAdmin } from './admin.js';
import { adminRouter } from './admin-routes.js';
import { crmGuard } from './crm-guard.js';
import { recordsRouter } from './crm-records.js';
import { settingsRouter } from './crm-settings.js';
import { watchRouter } from './crm-watch.js';
import { writesRouter } from './crm-writes.js';
import { countRouter } from './crm-count.js';
import { SimFaults, zohoError } from './faults.js';
import { SimNotifier } from './notifier.js';
import { SimStore } from './store.js';
import { SimTokens } from './tokens.js';

export interface ZohoSimulatorOptions {
  port?: number;
  host?: string;
  /** Show a consent page at /oauth/v2/auth (sandbox) instead of consenting at once (tests). */
  consentScreen?: boolean;
  accessTokenTtlSeconds?: number;
  /** Milliseconds since the epoch; the wall clock by default. Test rigs pass their one clock. */
  clock?: () => number;
  /** A steady latency on every CRM call, in ms (`faults.setLatency` changes it later). */
  latencyMs?: number;
}

export interface ZohoSimulator {
  /** Base URL; the US data centre's accounts server and API domain. */
  url: string;
  accountsUrl: string;
  apiDomain: string;
  /** Accounts server / API domain of a data centre: US at the root, others under /dc/<dc>. */
  baseFor(dc: string): string;
  admin: SimAdmin;
  faults: SimFaults;
  store: SimStore;
  close(): Promise<void>;
}

/**
 * Starts the simulated Zoho cloud on loopback: an accounts server and the CRM v8 REST API for any
 * number of orgs, each org in one data centre (US at the root, others under /dc/<dc>, so a call on
 * the wrong api_domain fails as it does on Zoho).
 */
export async function startZohoSimulator(
  options: ZohoSimulatorOptions = {},
): Promise<ZohoSimulator> {
  const store = new SimStore(options.clock);
  const tokens = new SimTokens(store);
  if (options.accessTokenTtlSeconds) tokens.accessTokenTtlSeconds = options.accessTokenTtlSeconds;
  const faults = new SimFaults();
  faults.setLatency(options.latencyMs ?? 0);
  const notifier = new SimNotifier(store);
  let url = '';
  const baseFor = (dc: string) => (dc === 'us' ? url : `${url}/dc/${dc}`);
  const admin = new SimAdmin(store, tokens, notifier, faults, baseFor);
  const consent = { screen: options.consentScreen ?? false };

  const zoho = Router();
  zoho.use(
    accountsRouter({
      store,
      tokens,
      baseFor,
      consentScreen: () => consent.screen,
      browserUserId: () => admin.browserUserId,
    }),
  );
  const crm = Router();
  // Zoho reads a JSON body whether or not the request names its Content-Type.
  crm.use(
    express.json({
      limit: '10mb',
      type: (req) => {
        const type = req.headers['content-type'];
        return !type || /json/i.test(type);
      },
    }),
  );
  crm.use(crmGuard(store, tokens, faults));
  crm.use(settingsRouter());
  crm.use(watchRouter(store));
  crm.use(writesRouter(store, notifier));
  crm.use(countRouter());
  crm.use(recordsRouter(store));
  // A body that is not JSON is invalid input, answered in Zoho's error shape (the simulator's own
  // wording: Zoho's for this case is not public), not with Express's HTML stack page.
  crm.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const { status, type } = err as { status?: unknown; type?: unknown };
    if (typeof type !== 'string' || typeof status !== 'number' || status >= 500) return next(err);
    const message =
      type === 'entity.too.large'
        ? 'the request body is too large'
        : 'the request body is not valid JSON';
    res.status(status).json(zohoError('INVALID_DATA', message));
  });
  zoho.use((req, res, next) => (req.path.startsWith('/crm/') ? crm(req, res, next) : next()));

  const app = express();
  app.disable('x-powered-by');
  app.use(adminRouter(admin));
  // The data centre a request arrived at; routes read it from res.locals, US when absent.
  app.use(
    '/dc/:dc',
    (req, res, next) => {
      res.locals.dc = req.params.dc;
      next();
    },
    zoho,
  );
  app.use(zoho);
  app.use((req, res) => {
    res.status(404).json({
      code: 'INVALID_URL_PATTERN',
      details: {},
      message: 'Please check if the URL trying to access is a correct one',
      status: 'error',
    });
  });

  // Express 5 hands a listen error (the port in use) to this callback, not to an 'error' handler.
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
  });
  const address = server.address() as AddressInfo;
  url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url,
    accountsUrl: url,
    apiDomain: url,
    baseFor,
    admin,
    faults,
    store,
    close: async () => {
      await notifier.settle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
