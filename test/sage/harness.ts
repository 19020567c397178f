import pino from 'pino';
import {
  SageEbwsClient,
  type SageClientOptions,
  type SageEndpointSettings,
} from '../../server/sage/ebws-client.js';
import { startSageSimulator, type SageSimulator } from '../../sim/sage100/ebws-server.js';
import { loadSageData } from '../../sim/sage100/loader.js';
import { SageStore } from '../../sim/sage100/store.js';

/**
 * A Sage 100 simulator with a small known company (ABC, America/Chicago) and a client on it.
 * Retries wait 0 ms (sleep is injected) so retry tests run in milliseconds.
 */
export const silentLogger = pino({ level: 'silent' });

export const COMPANY = {
  CompanyCode: 'ABC',
  CompanyName: 'ABC Distribution',
  timeZone: 'America/Chicago',
  NextCustomerNo: 1000,
  NextSalesOrderNo: 2000,
  tables: {
    SY_ZipCode: [
      { ZipCode: '60601', City: 'Chicago', StateCode: 'IL' },
      { ZipCode: '92618', City: 'Irvine', StateCode: 'CA' },
    ],
    AR_Customer: [
      {
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        CustomerName: 'American Business Futures',
        AddressLine1: '2131 N. 14th Street',
        City: 'Chicago',
        State: 'IL',
        ZipCode: '60601',
        CreditLimit: 5000,
        CurrentBalance: 1234.5,
        CreditHold: 'N',
        TermsCode: '01',
        DateEstablished: '20190315',
        UDF_REGION: 'MIDWEST',
      },
    ],
    AR_CustomerContact: [
      {
        ARDivisionNo: '01',
        CustomerNo: 'ABF',
        ContactCode: 'ART',
        ContactName: 'Artie Johnson',
        EmailAddress: 'artie@abf.example',
      },
    ],
    CI_Item: [
      {
        ItemCode: '1001-HON-H252',
        ItemType: '1',
        ItemCodeDesc: 'HON 2 DRAWER LETTER FLE W/O LK',
        StandardUnitPrice: 75,
        TaxClass: 'TX',
        SalesUnitOfMeasure: 'EACH',
      },
      {
        ItemCode: 'D1001',
        ItemType: '1',
        ItemCodeDesc: 'Desk',
        StandardUnitPrice: 200,
        TaxClass: 'NT',
        SalesUnitOfMeasure: 'EACH',
      },
    ],
  },
};

export const USERS = [
  { UserLogon: 'webuser', Password: 'Sage100!', UserKey: '7' },
  { UserLogon: 'disabled', Password: 'pw', WebServicesEnabled: 'N' as const },
  {
    UserLogon: 'viewer',
    Password: 'pw',
    DeniedTasks: ['AR_Customer:Create', 'AR_Customer:Modify'],
  },
];

export interface Harness {
  store: SageStore;
  sim: SageSimulator;
  settings: SageEndpointSettings;
  client(
    overrides?: Partial<SageEndpointSettings>,
    options?: Partial<SageClientOptions>,
  ): SageEbwsClient;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    lengthProfile?: '2018' | '2023';
    https?: { cert: string; key: string };
    clock?: () => Date;
  } = {},
): Promise<Harness> {
  const store = loadSageData(new SageStore({ clock: options.clock }), {
    companies: [COMPANY, { CompanyCode: 'OFF', WebServicesEnabled: 'N' }],
    users: USERS,
  });
  const sim = await startSageSimulator({
    store,
    lengthProfile: options.lengthProfile ?? '2018',
    https: options.https,
  });
  const settings: SageEndpointSettings = {
    endpointUrl: sim.url,
    companyCode: 'ABC',
    username: 'webuser',
    password: 'Sage100!',
    timeZone: 'America/Chicago',
  };
  return {
    store,
    sim,
    settings,
    client: (overrides = {}, clientOptions = {}) =>
      new SageEbwsClient(
        { ...settings, ...overrides },
        {
          logger: silentLogger,
          timeoutMs: 2000,
          retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
          // The harness's clock stamps the client's attempts too, as the engine's does its events.
          retryDeps: { sleep: async () => {}, random: () => 0.5, now: options.clock },
          ...clientOptions,
        },
      ),
    close: () => sim.close(),
  };
}
