import { afterEach, beforeEach, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.js';

/**
 * A run lets the event loop turn between pages, even when nothing it awaits does (gateways that
 * answer at once, SQLite's synchronous driver): timers and V8's collection tasks are not held up
 * until the run ends.
 */
let h: Harness;
beforeEach(async () => {
  h = await openHarness('sqlite');
  await h.configure('Accounts', 'sage_to_zoho');
});
afterEach(() => h.close());

it('runs a timer set before a run while the run is still reading its pages', async () => {
  h.deps.pageSize = 10;
  for (let i = 0; i < 60; i++) {
    h.sage.seed('Accounts', {
      ARDivisionNo: '01',
      CustomerNo: `T${String(i).padStart(3, '0')}`,
      CustomerName: `Customer ${i}`,
    });
  }
  let pagesRead = 0;
  const listChanges = h.sage.listChanges.bind(h.sage);
  h.sage.listChanges = async (...args: Parameters<typeof listChanges>) => {
    pagesRead++;
    return listChanges(...args);
  };
  let pagesWhenTimerRan: number | undefined;
  setImmediate(() => (pagesWhenTimerRan = pagesRead));
  const report = await h.engine.run(h.tenantId, 'Accounts');
  expect(report.counts).toMatchObject({ created: 60 });
  expect(pagesRead).toBe(6);
  // The timer ran during the run, after its first pages and before its last.
  expect(pagesWhenTimerRan).toBeGreaterThanOrEqual(1);
  expect(pagesWhenTimerRan).toBeLessThan(6);
});
