import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging.js';
import { SageEbwsClient } from '../sage/ebws-client.js';
import { startSageSandbox, type SageSandbox } from './sage-sandbox.js';

describe('the Sage sandbox’s latency (benchmarks)', () => {
  const logger = createLogger('silent');
  let sandbox: SageSandbox;
  beforeEach(async () => {
    sandbox = await startSageSandbox(logger, { customers: 3 });
  });
  afterEach(() => sandbox.close());

  const timedCall = async () => {
    const client = new SageEbwsClient(sandbox.connection, { logger });
    const started = performance.now();
    await client.getContractInformation();
    return performance.now() - started;
  };

  it('holds every eBWS answer for the set latency, also after an outage and back', async () => {
    await timedCall(); // the client loads its WSDL once
    sandbox.setLatency({ ebwsMs: 150 });
    expect(await timedCall()).toBeGreaterThanOrEqual(150);
    await sandbox.setOnline(false);
    await sandbox.setOnline(true);
    expect(await timedCall()).toBeGreaterThanOrEqual(150);
  });

  it('lets a benchmark edit a customer as a Sage user would', () => {
    const [first] = sandbox.company.list('AR_Customer');
    const key = {
      ARDivisionNo: String(first!.ARDivisionNo),
      CustomerNo: String(first!.CustomerNo),
    };
    sandbox.company.update('AR_Customer', key, { CustomerName: 'Edited In Sage' });
    expect(sandbox.customers().find((c) => c.CustomerNo === key.CustomerNo)?.CustomerName).toBe(
      'Edited In Sage',
    );
  });
});
