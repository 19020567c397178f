import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../test/db.js';
import { describeEngines } from '../test/requirements.js';
import { parseConfig } from './config.js';
import { createRepositories, type Repositories } from './db/repositories/index.js';
import { createLogger } from './logging.js';
import { AgentClients } from './sage/agent-clients.js';
import type { AgentClient } from './sage/agent-client.js';
import { SecretBox } from './security/secret-box.js';
import { TenantEngines } from './sync-composition.js';
import { ZohoCrmClient } from './zoho/client.js';

/**
 * A tenant's eBWS seats: its Sage connection's own count when it set one, SAGE_EBWS_SESSIONS
 * otherwise; a changed count applies to the next engine opened for it.
 */
describeEngines('tenant engines: eBWS seats per tenant (%s)', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  const logger = createLogger('silent');
  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
  });
  afterEach(() => t.destroy());

  it("takes the tenant's own seat count, else SAGE_EBWS_SESSIONS", async () => {
    const connect = async (name: string, ebwsSessions?: number) => {
      const { id } = await repos.tenants.create({ zohoOrgId: `9${name.length}${name}`, name });
      await repos.sageConnections.save({
        tenantId: id,
        endpointUrl: 'https://sage.example/eBusinessWebServices/MasBasicWsdl.svc',
        companyCode: 'ABC',
        username: 'webuser',
        password: 'Sage100!',
        timeZone: 'America/Chicago',
        lengthProfile: '2023',
        agentUrl: 'https://agent.example',
        agentToken: 'agent-token-1',
        ebwsSessions,
      });
      return id;
    };
    const own = await connect('Own', 6);
    const plain = await connect('Plain');
    const config = parseConfig({ SAGE_EBWS_SESSIONS: '3' });
    const engines = new TenantEngines({
      config,
      repos,
      logger,
      // Nothing is called here: opening an engine builds clients only.
      agents: new AgentClients({ timeoutMs: 1000, logger }, async () => ({}) as AgentClient),
      zoho: new ZohoCrmClient({
        oauth: { refresh: () => Promise.reject(new Error('not called')) },
        connections: repos.zohoConnections,
        credits: repos.zohoCredits,
        logger,
      }),
    });
    expect((await engines.open(own)).seats).toBe(6);
    expect((await engines.open(plain)).seats).toBe(3);
    const stored = (await repos.sageConnections.get(own))!;
    await repos.sageConnections.save({ ...stored, ebwsSessions: undefined });
    expect((await engines.open(own)).seats).toBe(3);
  });
});
