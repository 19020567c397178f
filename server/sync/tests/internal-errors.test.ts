import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnknownModuleError } from '../errors.js';
import { openHarness, type Harness } from '../testing/harness.js';

const customer = (no: string) => ({ ARDivisionNo: '01', CustomerNo: no, CustomerName: `C ${no}` });

/** A logger whose lines the test reads. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

// What the users of a run read (the record's reason, the run's) is for them: a database's or the
// code's own words (SQL statements, "Cannot read properties of undefined") go to the log, under a
// reference the reason gives.
describe('internal errors behind a failed record', () => {
  let h: Harness;
  let log: ReturnType<typeof capturingLogger>;
  beforeEach(async () => {
    h = await openHarness('sqlite');
    await h.configure('Accounts', 'sage_to_zoho');
    log = capturingLogger();
    h.deps.logger = log.logger;
    h.sage.seed('Accounts', customer('A'));
  });
  afterEach(() => h.close());

  const failUpsertOnce = (error: Error) => {
    const upsert = h.crm.upsert.bind(h.crm);
    let thrown = false;
    h.crm.upsert = async (...args) => {
      if (thrown) return upsert(...args);
      thrown = true;
      throw error;
    };
  };

  it('a database error is a reason with a reference; the SQL and its message are in the log', async () => {
    const sql = 'insert into "links" ("sage_key") values (\'01-A\') - UNIQUE constraint failed';
    failUpsertOnce(new Database.SqliteError(sql, 'SQLITE_CONSTRAINT_UNIQUE'));
    const run = await h.engine.run(h.tenantId, 'Accounts');
    expect(run).toMatchObject({ status: 'partial', counts: { failed: 1 } });
    const [record] = run.records;
    expect(record).toMatchObject({ sageKey: '01-A', action: 'failed' });
    expect(record!.reason).toMatch(
      /^the backend could not store its work; its log has the details under ref [0-9a-f]{8}$/,
    );
    expect(record!.reason).not.toContain('insert into');
    const ref = record!.reason!.slice(-8);
    const line = log.lines.find((l) => l.ref === ref);
    expect(line).toMatchObject({
      level: 50,
      msg: 'database error behind a sync failure',
      module: 'Accounts',
      err: { message: sql, code: 'SQLITE_CONSTRAINT_UNIQUE' },
    });
    // Nothing lost: the record is retried and lands.
    h.clock.tick(61);
    const later = await h.engine.run(h.tenantId, 'Accounts');
    expect(later).toMatchObject({ status: 'succeeded', counts: { retried: 1, created: 1 } });
  });

  it('a programming error is "an internal error" with a reference, its stack in the log', async () => {
    failUpsertOnce(new TypeError("Cannot read properties of undefined (reading 'id')"));
    const run = await h.engine.run(h.tenantId, 'Accounts');
    const reason = run.records[0]!.reason!;
    expect(reason).toMatch(/^an internal error in the backend; its log has the details under ref/);
    const line = log.lines.find((l) => l.ref === reason.slice(-8));
    expect((line?.err as { stack?: string }).stack).toContain('TypeError: Cannot read properties');
  });

  it("the product's own errors keep their words", async () => {
    failUpsertOnce(new UnknownModuleError('Quotes'));
    const run = await h.engine.run(h.tenantId, 'Accounts');
    expect(run.records[0]!.reason).toBe('unknown module "Quotes"');
    expect(log.lines.some((l) => l.ref !== undefined)).toBe(false);
  });
});
