import crypto from 'node:crypto';
import type { SimAdmin } from '../../sim/zoho/admin.js';
import { startZohoSimulator } from '../../sim/zoho/server.js';
import type { Config } from '../config.js';
import type { Logger } from '../logging.js';
import { DEMO_DEAL } from './sage-sandbox.js';
import { addMappedFields } from './sandbox-fields.js';

/**
 * The local sandbox: with no Zoho client configured, `npm start` runs a simulated Zoho CRM in
 * process (on loopback) with a demo org, and points the Zoho settings at it, so connect and
 * sign-in work end to end without a Zoho account. Its consent page lets you pick the user.
 */

const ORG_NAME = 'Sandbox Manufacturing';

export interface ZohoSandbox {
  zoho: Config['zoho'];
  url: string;
  orgId: string;
  orgName: string;
  /** The simulator's control: the sandbox CRM reads and creates records through it. */
  admin: SimAdmin;
  /** The demo org's two CRM users the sandbox CRM switches between. */
  users: Record<'admin' | 'rep', { id: string; name: string; profile: string }>;
  close(): Promise<void>;
}

export async function startZohoSandbox(
  config: Pick<Config, 'zoho' | 'http'>,
  logger: Logger,
): Promise<ZohoSandbox | undefined> {
  if (!config.zoho.sandbox) return undefined;
  if (config.http.port === 0) {
    logger.warn('ZOHO_SANDBOX needs a fixed PORT (the OAuth redirect names it): sandbox off');
    return undefined;
  }
  const sim = await startZohoSimulator({ consentScreen: true });
  const clientId = '1000.SANDBOX';
  const clientSecret = crypto.randomBytes(16).toString('hex');
  sim.admin.registerClient({ clientId, clientSecret, redirectUris: [config.zoho.redirectUrl] });
  const org = sim.admin.createOrg({ companyName: ORG_NAME, edition: 'enterprise' });
  const customFields = addMappedFields(sim.admin, org.id);
  const admin = sim.admin.createUser(org.id, {
    email: 'admin@sandbox.example',
    fullName: 'Sandbox Admin',
    profile: 'Administrator',
  });
  const rep = sim.admin.createUser(org.id, {
    email: 'rep@sandbox.example',
    fullName: 'Sandbox Rep',
    profile: 'Standard',
  });
  sim.admin.signInAs(admin.id);
  const accounts = sim.admin.seedRecords(org.id, 'Accounts', [
    { Account_Name: 'American Business Futures', Phone: '312-555-0100', Billing_City: 'Chicago' },
    { Account_Name: 'Bay Area Bakeries', Phone: '415-555-0199', Billing_City: 'Oakland' },
    // The demo Deal's customer, linked to Sage earlier (its Sage key typed on the Account): the
    // first Accounts sync links it by key instead of creating a second "Atlas Trading 1".
    { Account_Name: DEMO_DEAL.account.name, Sage_Key: DEMO_DEAL.account.sageKey },
  ]);
  sim.admin.seedRecords(org.id, 'Contacts', [
    {
      First_Name: 'Artie',
      Last_Name: 'Johnson',
      Email: 'artie@abf.example',
      Account_Name: { id: accounts[0], name: 'American Business Futures' },
    },
  ]);
  // Its order and invoice come from Sage (sage-sandbox.ts): the first sync of Sales Orders and
  // Invoices ties them to it. Zoho numbers it D1001 when the extension's fields are created.
  sim.admin.seedRecords(org.id, 'Deals', [
    {
      Deal_Name: DEMO_DEAL.name,
      Stage: 'Proposal/Price Quote',
      Amount: 4200,
      Closing_Date: '2026-12-18',
      Account_Name: { id: accounts[2], name: DEMO_DEAL.account.name },
    },
  ]);
  sim.admin.seedRecords(org.id, 'Products', [
    { Product_Name: 'Widget A-100', Product_Code: 'A-100', Unit_Price: 12.5 },
  ]);
  logger.info(
    { zohoSimulator: sim.url, orgId: org.id, customFields },
    'Zoho sandbox: a simulated Zoho CRM with a demo org; connect at /oauth/zoho/connect',
  );
  return {
    zoho: {
      ...config.zoho,
      clientId,
      clientSecret,
      accountsUrl: sim.accountsUrl,
      extraAccountsServers: [...config.zoho.extraAccountsServers, sim.accountsUrl],
    },
    url: sim.url,
    orgId: org.id,
    orgName: ORG_NAME,
    admin: sim.admin,
    users: {
      admin: { id: admin.id, name: admin.full_name, profile: admin.profile.name },
      rep: { id: rep.id, name: rep.full_name, profile: rep.profile.name },
    },
    close: () => sim.close(),
  };
}
