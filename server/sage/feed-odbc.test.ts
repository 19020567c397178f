import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith, odbc } from '../../test/requirements.js';
import type { EntityName } from '../../agent/entities.js';
import { OdbcDataSource } from '../../agent/odbc-data-source.js';
import { startAgentServer, type RunningAgent } from '../../agent/server.js';
import { openSqliteCompany, type SqliteCompanyFile } from '../../agent/testing.js';
import { AgentClient, type AgentPosition } from './agent-client.js';
import { readChanges, type ChangePagePort } from './feed-reader.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'odbc-feed-token-0123456789abcdef';
const ROWS = 1000;
const hours = (seconds: number) => (seconds / 3600).toFixed(5);

describeWith(
  [await odbc()],
  'the feed over the real agent, ODBC and SQLite, while rows change between pages',
  () => {
    let company: SqliteCompanyFile;
    let source: OdbcDataSource;
    let agent: RunningAgent;
    let client: AgentClient;

    beforeAll(async () => {
      company = await openSqliteCompany();
      await company.run('BEGIN');
      await company.insert(
        'CI_Item',
        Array.from({ length: ROWS }, (_, i) => ({
          ItemCode: `I${String(i).padStart(4, '0')}`,
          ItemCodeDesc: 'v0',
          DateUpdated: '20261120',
          TimeUpdated: hours(32_400 + Math.floor(i / 4)), // from 09:00, four rows per second
        })),
      );
      await company.run('COMMIT');
      source = await OdbcDataSource.open({
        connectionString: company.connectionString,
        poolSize: 2,
        fetchSize: 100,
        connectTimeoutSeconds: 5,
      });
      // Sage's clock: 20261120 12:00 in Chicago.
      agent = await startAgentServer({
        host: '127.0.0.1',
        port: 0,
        dataSource: source,
        token: TOKEN,
        maxPageSize: 200,
        maxKeysPerCall: 100,
        timeZone: 'America/Chicago',
        logger,
        now: () => new Date('2026-11-20T18:00:00Z'),
      });
      client = await AgentClient.create(
        { url: agent.url, token: TOKEN, timeoutMs: 10_000 },
        logger,
      );
    });
    afterAll(async () => {
      client.close();
      await agent.close();
      await source.close();
      await company.remove();
    });

    it('delivers every version once', async () => {
      let clock = 36_000; // Sage saves happen from 10:00 on
      let version = 0;
      let mutatingPages = 8;
      const port: ChangePagePort = {
        getChanges: async (
          entity: EntityName,
          after: AgentPosition | undefined,
          pageSize: number,
        ) => {
          const page = await client.getChanges(entity, after, pageSize);
          if (mutatingPages-- > 0) {
            clock += 1;
            for (let n = 0; n < 25; n++) {
              const code = `I${String((version * 37) % ROWS).padStart(4, '0')}`;
              await company.run(
                `UPDATE CI_Item SET ItemCodeDesc = 'v${++version}', TimeUpdated = '${hours(clock)}' WHERE ItemCode = '${code}'`,
              );
            }
          }
          return page;
        },
      };
      const delivered = new Set<string>();
      const latest = new Map<string, string>();
      let duplicates = 0;
      let watermark: string | undefined;
      for (let poll = 0; poll < 5; poll++) {
        let changes = 0;
        for await (const batch of readChanges(
          port,
          'CI_Item',
          watermark,
          { overlapSeconds: 900, pageSize: 200, timeZone: 'America/Chicago' },
          logger,
        )) {
          for (const change of batch.changes) {
            const id = `${change.key[0]}@${change.record.ItemCodeDesc}`;
            if (delivered.has(id)) duplicates++;
            delivered.add(id);
            latest.set(change.key[0]!, change.record.ItemCodeDesc ?? '');
            changes++;
          }
          watermark = batch.watermark;
          await batch.commit();
        }
        if (changes === 0) break;
      }
      expect(version).toBe(200);
      expect(duplicates).toBe(0);
      const all = await client.listRecords('CI_Item', undefined, 200);
      const rows = [...all.records];
      let page = all;
      while (page.hasMore) {
        page = await client.listRecords('CI_Item', [rows.at(-1)!.ItemCode!], 200);
        rows.push(...page.records);
      }
      expect(rows).toHaveLength(ROWS);
      expect(rows.filter((r) => latest.get(r.ItemCode!) !== r.ItemCodeDesc)).toEqual([]);
    }, 30_000);
  },
);
