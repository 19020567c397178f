import crypto from 'node:crypto';
import { openTestDb, type TestDb } from '../db.js';
import { startZohoSimulator, type ZohoSimulator } from '../../sim/zoho/server.js';
import { FULL_SCOPE } from '../../sim/zoho/admin.js';
import type { Edition } from '../../sim/zoho/store.js';
import { createRepositories, type Repositories } from '../../server/db/repositories/index.js';
import { createLogger } from '../../server/logging.js';
import { SecretBox } from '../../server/security/secret-box.js';
import { ZohoCrmClient } from '../../server/zoho/client.js';
import { ZohoOAuthClient } from '../../server/zoho/oauth.js';

/** Test wiring: a Zoho simulator, a fresh database, and the real client between them. */

export const CLIENT_ID = '1000.TESTCLIENT';
export const CLIENT_SECRET = 'test-client-secret';
export const SCOPES = FULL_SCOPE.split(',');

export interface ZohoFixture {
  sim: ZohoSimulator;
  t: TestDb;
  repos: Repositories;
  box: SecretBox;
  oauth: ZohoOAuthClient;
  client: ZohoCrmClient;
  /** Backoff delays the client asked for (sleeping is skipped in tests). */
  sleeps: number[];
  clock: { now: number };
  addTenant(name: string, opts?: { dc?: string; edition?: Edition }): Promise<FixtureTenant>;
  close(): Promise<void>;
}

export interface FixtureTenant {
  tenantId: string;
  orgId: string;
  adminUserId: string;
  refreshToken: string;
}

export async function zohoFixture(
  options: {
    redirectUrl?: string;
    maxConcurrency?: number;
    timeoutMs?: number;
    engine?: 'sqlite' | 'postgres';
    /** One clock for the simulator and the client (ms since the epoch); the wall clock by default. */
    clock?: () => number;
  } = {},
): Promise<ZohoFixture> {
  const sim = await startZohoSimulator({ clock: options.clock });
  const redirectUrl = options.redirectUrl ?? 'http://127.0.0.1:9/oauth/zoho/callback';
  sim.admin.registerClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [redirectUrl],
  });
  const t = await openTestDb(options.engine ?? 'sqlite');
  const box = new SecretBox('k1', crypto.randomBytes(32));
  const repos = createRepositories(t.db, box);
  const logger = createLogger('silent');
  const oauth = new ZohoOAuthClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accountsUrl: sim.accountsUrl,
    redirectUrl,
    scopes: SCOPES,
  });
  const sleeps: number[] = [];
  const clock = { now: options.clock?.() ?? Date.now() };
  const client = new ZohoCrmClient({
    oauth,
    connections: repos.zohoConnections,
    credits: repos.zohoCredits,
    logger,
    maxConcurrency: options.maxConcurrency,
    timeoutMs: options.timeoutMs,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => clock.now,
  });
  return {
    sim,
    t,
    repos,
    box,
    oauth,
    client,
    sleeps,
    clock,
    async addTenant(name, opts = {}) {
      const org = sim.admin.createOrg({ companyName: name, dc: opts.dc, edition: opts.edition });
      const admin = sim.admin.createUser(org.id, {
        email: `admin@${name.toLowerCase().replace(/\W/g, '')}.example`,
        profile: 'Administrator',
      });
      const refreshToken = sim.admin.mintRefreshToken(org.id, admin.id, { clientId: CLIENT_ID });
      const tenant = await repos.tenants.create({ zohoOrgId: org.id, name });
      await repos.zohoConnections.save({
        tenantId: tenant.id,
        dataCentre: org.dc,
        accountsServer: org.accountsServer,
        apiDomain: org.apiDomain,
        refreshToken,
        scope: SCOPES.join(','),
        edition: opts.edition,
      });
      return { tenantId: tenant.id, orgId: org.id, adminUserId: admin.id, refreshToken };
    },
    async close() {
      await sim.close();
      await t.destroy();
    },
  };
}
