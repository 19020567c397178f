import pino from 'pino';
import { OdbcDataSource } from '../agent/odbc-data-source.js';
import { startAgentServer } from '../agent/server.js';
import { openSqliteCompany } from '../agent/testing.js';
import { AgentClient } from '../server/sage/agent-client.js';
import { SageFeed } from '../server/sage/feed.js';
import { startSimAgentEndpoint } from '../sim/sage100/agent-endpoint.js';
import { SageStore } from '../sim/sage100/store.js';
import { expectTarget } from './targets.js';

/**
 * Sage change-feed throughput end to end: backend feed client -> SOAP over loopback -> the real
 * agent -> its data source (the simulator's store, or SQLite through unixODBC), 10,000 item rows.
 * Targets (2-core machine): first full read >= 1,000 rows/s through either data source. A quiet
 * re-poll names the stamp groups it holds, so the agent sends none of the window's rows: it
 * reports the rows it re-read (0) and its time.
 */
const ROWS = 10_000;
const PAGE = 1000;
const TOKEN = 'bench-token-0123456789abcdefghij';
const logger = pino({ level: 'silent' });

async function drain(feed: SageFeed, watermark?: string) {
  let rows = 0;
  let changes = 0;
  let last = watermark;
  for await (const batch of feed.readChanges('CI_Item', watermark)) {
    rows += batch.rowsRead;
    changes += batch.changes.length;
    last = batch.watermark;
    await batch.commit();
  }
  return { rows, changes, watermark: last };
}

async function measure(label: string, url: string, timeZone: string) {
  const client = await AgentClient.create({ url, token: TOKEN, timeoutMs: 60_000 }, logger);
  const feed = new SageFeed(client, { overlapSeconds: 86_400, pageSize: PAGE, timeZone }, logger);
  let started = performance.now();
  const first = await drain(feed);
  let seconds = (performance.now() - started) / 1000;
  console.log(
    `${label}: first read ${first.changes} rows in ${seconds.toFixed(2)} s = ${Math.round(first.changes / seconds)} rows/s`,
  );
  expectTarget(`${label}: first read`, first.changes / seconds, 'rows/s', { min: 1000 });
  started = performance.now();
  const again = await drain(feed, first.watermark);
  seconds = (performance.now() - started) / 1000;
  console.log(
    `${label}: quiet re-poll re-read ${again.rows} rows, delivered ${again.changes}, in ${(seconds * 1000).toFixed(0)} ms`,
  );
  feed.close();
}

async function simulator() {
  let now = new Date('2026-11-20T14:00:00Z');
  const store = new SageStore({ clock: () => now });
  const company = store.addCompany({
    CompanyCode: 'ABC',
    CompanyName: 'Bench',
    WebServicesEnabled: 'Y',
    timeZone: 'America/Chicago',
    NextCustomerNo: 1,
    NextSalesOrderNo: 1,
  });
  for (let i = 0; i < ROWS; i++) {
    if (i % 100 === 0) now = new Date(now.getTime() + 7_000);
    company.insert('CI_Item', {
      ItemCode: `I${String(i).padStart(5, '0')}`,
      ItemType: '1',
      ItemCodeDesc: `Item ${i}`,
      StandardUnitPrice: 12.5,
      ProductLine: 'PL01',
      InactiveItem: 'N',
    });
  }
  const agent = await startSimAgentEndpoint({
    company,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    logger,
    now: () => now,
  });
  await measure('simulator store', agent.url, 'America/Chicago');
  await agent.close();
}

async function odbc() {
  const company = await openSqliteCompany();
  await company.run('BEGIN');
  const rows = [];
  for (let i = 0; i < ROWS; i++) {
    const seconds = 50_400 + Math.floor(i / 100) * 7;
    rows.push({
      ItemCode: `I${String(i).padStart(5, '0')}`,
      ItemType: '1',
      ItemCodeDesc: `Item ${i}`,
      StandardUnitPrice: '12.5',
      ProductLine: 'PL01',
      InactiveItem: 'N',
      DateUpdated: seconds >= 86_400 ? '20261121' : '20261120',
      TimeUpdated: ((seconds % 86_400) / 3600).toFixed(5),
      UserUpdatedKey: '0000000001',
    });
  }
  await company.insert('CI_Item', rows);
  await company.run('COMMIT');
  const source = await OdbcDataSource.open({
    connectionString: company.connectionString,
    poolSize: 2,
    fetchSize: 500,
    connectTimeoutSeconds: 10,
  });
  const agent = await startAgentServer({
    host: '127.0.0.1',
    port: 0,
    dataSource: source,
    token: TOKEN,
    maxPageSize: PAGE,
    maxKeysPerCall: 100,
    timeZone: 'America/Chicago',
    logger,
    now: () => new Date('2026-11-22T12:00:00Z'),
  });
  await measure('SQLite via unixODBC', agent.url, 'America/Chicago');
  await agent.close();
  await source.close();
  await company.remove();
}

/**
 * One agent call late in a busy day, as the company grows: rows spread over one day's working
 * hours, the call asking for the page after the day's last-but-1,000 row. The agent reads the
 * start day from the position's hour on, not the whole day (docs/adr/0070), so the call should
 * not grow with the day's rows. Target: 84,000 rows cost at most 2x what 10,000 do.
 */
async function callTime(rows: number): Promise<number> {
  const now = new Date('2026-11-20T23:00:00Z');
  const store = new SageStore({ clock: () => now });
  const company = store.addCompany({
    CompanyCode: 'ABC',
    CompanyName: 'Bench',
    WebServicesEnabled: 'Y',
    timeZone: 'UTC',
    NextCustomerNo: 1,
    NextSalesOrderNo: 1,
  });
  const stamp = (i: number) => (8 + (i / rows) * 8).toFixed(5); // 08:00 to 16:00
  company.bulkImport(
    'CI_Item',
    Array.from({ length: rows }, (_, i) => ({
      ItemCode: `I${String(i).padStart(6, '0')}`,
      ItemType: '1',
      ItemCodeDesc: `Item ${i}`,
      DateUpdated: '20261120',
      TimeUpdated: stamp(i),
    })),
  );
  const agent = await startSimAgentEndpoint({
    company,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    logger,
    now: () => now,
  });
  const client = await AgentClient.create(
    { url: agent.url, token: TOKEN, timeoutMs: 60_000 },
    logger,
  );
  const from = rows - 1_000;
  const after = { date: '20261120', time: stamp(from), key: [`I${String(from).padStart(6, '0')}`] };
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    const page = await client.getChanges('CI_Item', after, 500);
    times.push(performance.now() - started);
    if (page.records.length !== 500)
      throw new Error(`expected a full page, got ${page.records.length}`);
  }
  client.close();
  await agent.close();
  return times.sort((a, b) => a - b)[7]!;
}

await simulator();
await odbc();
const small = await callTime(10_000);
const large = await callTime(84_000);
console.log(
  `agent call late in the day (simulator store, page of 500): ${small.toFixed(1)} ms at 10,000 rows, ${large.toFixed(1)} ms at 84,000 rows`,
);
expectTarget('agent call at 84,000 rows / at 10,000 rows', large / small, 'x', { max: 2 });
