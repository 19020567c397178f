import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * Runs, the record page and the review lists over HTTP, on the sandbox's simulated Sage 100 (25
 * generated customers) and Zoho CRM (2 seeded accounts, 1 contact). In order, as an admin works.
 */

let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
  const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  if (on.status !== 200) throw new Error(`enabling Accounts: ${on.status}`);
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

const expectProblem = (res: { status: number; type: string }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/application\/problem\+json/);
};

describe('runs', () => {
  let runId: string;

  it('a dry run is queued (202), and its events hold per-record, per-field diffs; nothing is written', async () => {
    const res = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      dryRun: true,
    });
    expect(res.status).toBe(202);
    const [id] = res.body.runIds;
    expect(res.body.runs[0]).toMatchObject({ id, module: 'Accounts', dryRun: true });
    const run = await fx.waitForRun(id);
    expect(run).toMatchObject({ module: 'Accounts', dryRun: true, status: 'succeeded' });
    // 24 Sage customers to Zoho and 2 Zoho accounts to Sage; the demo Deal's Atlas Trading 1 is
    // already linked by its Sage key.
    expect(run.counts.created).toBe(26);
    const events = await fx.call('GET', `/runs/${id}/events`, fx.adminToken);
    const bakery = events.body.events.find((e: { changes: Array<{ after: unknown }> }) =>
      e.changes.some((c) => c.after === 'Bay Area Bakeries'),
    );
    expect(bakery).toMatchObject({ direction: 'zoho_to_sage', action: 'created' });
    expect(await fx.backend.repos.links.count(fx.tenantId, 'Accounts', 'linked')).toBe(0);
  });

  it('a manual run is queued (202 with Location), syncs, and the run log and its events show it', async () => {
    const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    expect(res.status).toBe(202);
    runId = res.body.runIds[0];
    expect(res.body.runs[0]).toMatchObject({
      id: runId,
      kind: 'manual',
      location: `/api/v1/runs/${runId}`,
    });
    const done = await fx.waitForRun(runId);
    expect(done).toMatchObject({ status: 'succeeded', dryRun: false });
    expect(done.counts.created).toBe(26);
    expect(done.progress).toMatchObject({ phase: 'finished', written: { sage: 2, zoho: 25 } });

    const list = await fx.call('GET', '/runs?module=Accounts&limit=5', fx.repToken);
    expect(list.body.runs.map((r: { dryRun: boolean }) => r.dryRun)).toEqual([false, true]);
    const one = await fx.call('GET', `/runs/${runId}`, fx.repToken);
    expect(one.body).toMatchObject({ id: runId, kind: 'manual', status: 'succeeded' });
    expect(one.body.counts.created).toBe(26);
    expect(one.body).not.toHaveProperty('tenantId');

    const events = await fx.call('GET', `/runs/${runId}/events?action=created`, fx.adminToken);
    expect(events.body.events).toHaveLength(26);
    expect(events.body.events.every((e: { action: string }) => e.action === 'created')).toBe(true);

    const modules = await fx.call('GET', '/modules', fx.repToken);
    expect(modules.body.modules[0].lastRun).toMatchObject({ id: runId, status: 'succeeded' });
  });

  it('pages a run’s events past the limit: nextAfter leads to the rest, none twice, null at the end', async () => {
    const all = await fx.call('GET', `/runs/${runId}/events?action=created`, fx.adminToken);
    expect(all.body.nextAfter).toBeNull();
    const seen: number[] = [];
    let after: number | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = `action=created&limit=10${after === null ? '' : `&after=${after}`}`;
      const res = await fx.call('GET', `/runs/${runId}/events?${query}`, fx.adminToken);
      expect(res.status).toBe(200);
      seen.push(...res.body.events.map((e: { id: number }) => e.id));
      after = res.body.nextAfter;
      if (after === null) break;
      expect(after).toBe(seen[seen.length - 1]);
    }
    // 26 created: pages of 10, 10 and 6, the last one saying there is no more.
    expect(seen).toEqual(all.body.events.map((e: { id: number }) => e.id));
    expect(seen).toHaveLength(26);
    expectProblem(await fx.call('GET', `/runs/${runId}/events?after=-1`, fx.adminToken), 400);
  });

  it('refuses bad run requests and unknown runs', async () => {
    const bad = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Leads'] });
    expectProblem(bad, 422);
    expect(bad.body.detail).toMatch(/^modules\.0:/);
    const since = await fx.call('POST', '/runs', fx.adminToken, {
      modules: ['Accounts'],
      since: 'yesterday',
    });
    expectProblem(since, 422);
    expect(since.body.detail).toMatch(/^since:/);
    const disabled = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Vendors'] });
    expectProblem(disabled, 409);
    expect(disabled.body.code).toBe('module_disabled');
    expectProblem(await fx.call('GET', '/runs?limit=0', fx.repToken), 400);
    // A limit beyond 2^53: one message with the field's own bound, not zod's safe-integer one too.
    const huge = await fx.call('GET', '/runs?limit=1e20', fx.repToken);
    expectProblem(huge, 400);
    expect(huge.body.detail).toBe('limit: Too big: expected number to be <=200');
    expect(huge.body.issues).toEqual([
      { path: 'limit', message: 'Too big: expected number to be <=200' },
    ]);
    expectProblem(await fx.call('GET', '/runs/no-such-run', fx.repToken), 404);
    expectProblem(await fx.call('GET', `/runs/${runId}/events?action=won`, fx.adminToken), 400);
  });

  it('replays an event and a run idempotently', async () => {
    const events = await fx.call('GET', `/runs/${runId}/events`, fx.adminToken);
    const created = events.body.events[0];
    const replay = await fx.call('POST', `/events/${created.id}/replay`, fx.adminToken, {});
    expect(replay.status).toBe(200);
    expect(replay.body.report).toMatchObject({ kind: 'replay', status: 'succeeded' });
    expect(replay.body.report.counts.created ?? 0).toBe(0);
    const again = await fx.call('POST', `/events/${created.id}/replay`, fx.adminToken, {});
    expect(again.body.report.counts.created ?? 0).toBe(0);
    expect(await fx.backend.repos.links.count(fx.tenantId, 'Accounts', 'linked')).toBe(27);

    const run = await fx.call('POST', `/runs/${runId}/replay`, fx.adminToken, {});
    expect(run.status).toBe(202);
    expect(run.body.replayOf).toBe(runId);
    const replayed = await fx.waitForRun(run.body.runIds[0]);
    // Nothing failed or was skipped: the replay run ends failed with the reason, writing nothing.
    expect(replayed).toMatchObject({ kind: 'replay', status: 'failed' });
    expect(replayed.reason).toMatch(/no failed, skipped or conflicting records/);

    const dry = (await fx.call('GET', '/runs?module=Accounts', fx.repToken)).body.runs.find(
      (r: { dryRun: boolean }) => r.dryRun,
    );
    const refused = await fx.call('POST', `/runs/${dry.id}/replay`, fx.adminToken, {});
    expectProblem(refused, 409);
    expect(refused.body.code).toBe('dry_run');
    expectProblem(await fx.call('POST', '/events/999999/replay', fx.adminToken, {}), 404);
    expectProblem(await fx.call('POST', '/events/abc/replay', fx.adminToken, {}), 404);
    expectProblem(
      await fx.call('POST', `/events/${created.id}/replay`, fx.adminToken, { force: true }),
      400,
    );
  });
});

describe('record page', () => {
  it('"Sync to Sage" brings the contact and its account into Sage within the request', async () => {
    await fx.call('PUT', '/modules/Contacts', fx.adminToken, { direction: 'both' });
    const artie = await fx.zohoIdOf('Contacts', 'Last_Name', 'Johnson');
    const res = await fx.call('POST', '/records/Contacts/sync', fx.repToken, { zohoId: artie });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ module: 'Contacts', zohoId: artie, action: 'created' });
    expect(res.body.sageKey).toMatch(/^01-.+-/);
    const link = await fx.backend.repos.links.findByZohoId(fx.tenantId, 'Contacts', artie);
    expect(link?.sageKey).toBe(res.body.sageKey);
    // Its account was synced first, and the answer says so.
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const account = await fx.backend.repos.links.findByZohoId(fx.tenantId, 'Accounts', abf);
    expect(res.body.broughtAlong).toEqual(
      account?.lastSyncedAt && res.body.broughtAlong.length === 0
        ? []
        : [expect.objectContaining({ module: 'Accounts', zohoId: abf, sageKey: account!.sageKey })],
    );
  });

  it('"Sync to Sage" of a contact with no account says to choose its account', async () => {
    const sb = fx.backend.sandbox!;
    const [orphan] = sb.zohoSim.seedRecords(sb.orgId, 'Contacts', [
      { First_Name: 'No', Last_Name: 'Account', Email: 'no@account.example' },
    ]);
    const res = await fx.call('POST', '/records/Contacts/sync', fx.repToken, { zohoId: orphan });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'skipped', sageKey: null });
    // It said "Sage requires ARDivisionNo, which is empty; Sage requires CustomerNo, which is empty".
    expect(res.body.reason).toBe(
      'no account chosen (Account_Name is empty): Sage files it under its customer; choose the account in Zoho, then sync again',
    );
  });

  it('refuses bad record requests', async () => {
    const bad = await fx.call('POST', '/records/Contacts/sync', fx.repToken, { zohoId: 'x1' });
    expectProblem(bad, 422);
    expect(bad.body.detail).toBe('zohoId: a Zoho record id (digits)');
    const gl = await fx.call('POST', '/records/GL_Accounts/sync', fx.repToken, { zohoId: '1' });
    expectProblem(gl, 422);
    expect(gl.body.code).toBe('read_only_in_sage');
    expectProblem(await fx.call('POST', '/records/Leads/sync', fx.repToken, { zohoId: '1' }), 404);
    expectProblem(await fx.call('GET', '/records/Accounts/x/status', fx.repToken), 400);
  });

  it('"Sync to Sage" of a record the org does not have, or another org’s, is a 404 that shows none of it', async () => {
    const sb = fx.backend.sandbox!;
    const other = sb.zohoSim.createOrg({ companyName: 'Someone Else Ltd' });
    const [theirs] = sb.zohoSim.seedRecords(other.id, 'Accounts', [
      { Account_Name: 'Their Secret Customer', Phone: '555-0199' },
    ]);
    for (const zohoId of ['4242424242', theirs!]) {
      const res = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId });
      expectProblem(res, 404);
      expect(res.body.detail).toBe(`Zoho has no Accounts record ${zohoId}`);
      expect(JSON.stringify(res.body)).not.toContain('Secret');
    }
    // Nothing went to Sage.
    expect(await fx.backend.repos.links.findByZohoId(fx.tenantId, 'Accounts', theirs!)).toBe(
      undefined,
    );
  });

  it('the status panel shows the link, recent events and Sage credit and open invoices', async () => {
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const res = await fx.call('GET', `/records/Accounts/${abf}/status`, fx.repToken);
    expect(res.status).toBe(200);
    const link = await fx.backend.repos.links.findByZohoId(fx.tenantId, 'Accounts', abf);
    expect(res.body).toMatchObject({ linked: true, sageKey: link!.sageKey, lastError: null });
    expect(res.body.lastSyncedAt).toBe(link!.lastSyncedAt);
    expect(res.body.recentEvents[0]).toMatchObject({ module: 'Accounts', zohoId: abf });
    expect(res.body.sage.available).toBe(true);
    expect(res.body.sage.credit).toMatchObject({ creditHold: false, openInvoiceCount: 0 });
    expect(res.body.sage.openInvoices).toEqual([]);

    // A generated customer with open invoices in the Sage company.
    const customers = await fx.backend.repos.links.list(fx.tenantId, 'Accounts', {
      state: 'linked',
    });
    let withInvoices: { zohoId: string; body: any } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const c of customers) {
      const s = await fx.call('GET', `/records/Accounts/${c.zohoId}/status`, fx.repToken);
      if (s.body.sage.openInvoices.length > 0) {
        withInvoices = { zohoId: c.zohoId!, body: s.body };
        break;
      }
    }
    expect(withInvoices).toBeDefined();
    const { sage } = withInvoices!.body;
    expect(sage.credit.openInvoiceCount).toBe(sage.openInvoices.length);
    const total = sage.openInvoices.reduce((n: number, i: { balance: number }) => n + i.balance, 0);
    expect(sage.credit.openInvoiceBalance).toBeCloseTo(total, 2);
    expect(sage.openInvoices[0].invoiceNo).toMatch(/^\d{7}$/);
  });

  it('says when Sage is unreachable instead of failing the panel', async () => {
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const saved = (await fx.backend.repos.sageConnections.get(fx.tenantId))!;
    await fx.backend.repos.sageConnections.save({ ...saved, agentUrl: 'http://127.0.0.1:9/agent' });
    try {
      const res = await fx.call('GET', `/records/Accounts/${abf}/status`, fx.repToken);
      expect(res.status).toBe(200);
      expect(res.body.linked).toBe(true);
      expect(res.body.sage.available).toBe(false);
      expect(res.body.sage.reason).toMatch(/127\.0\.0\.1:9/);
    } finally {
      await fx.backend.repos.sageConnections.save(saved);
    }
  });
});

describe('review lists', () => {
  it('lists open conflicts and resolves one with the chosen winner', async () => {
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const link = (await fx.backend.repos.links.findByZohoId(fx.tenantId, 'Accounts', abf))!;
    const id = await fx.backend.repos.conflicts.open({
      tenantId: fx.tenantId,
      module: 'Accounts',
      linkId: link.id,
      zohoId: abf,
      sageKey: link.sageKey,
      fields: [
        { field: 'Phone ↔ TelephoneNo', zohoValue: '312-555-0100', sageValue: '(312) 555-0101' },
      ],
    });
    const list = await fx.call('GET', '/conflicts?module=Accounts', fx.adminToken);
    expect(list.body.conflicts).toEqual([
      expect.objectContaining({ id, zohoId: abf, status: 'open' }),
    ]);
    const bad = await fx.call('POST', `/conflicts/${id}/resolve`, fx.adminToken, {
      winner: 'both',
    });
    expectProblem(bad, 422);
    expect(bad.body.detail).toMatch(/^winner:/);
    expectProblem(
      await fx.call('POST', '/conflicts/424242/resolve', fx.adminToken, { winner: 'sage' }),
      404,
    );
    const done = await fx.call('POST', `/conflicts/${id}/resolve`, fx.adminToken, {
      winner: 'sage',
    });
    expect(done.status).toBe(200);
    expect(done.body.report.status).toBe('succeeded');
    expect(done.body.conflict).toMatchObject({ status: 'resolved', resolution: 'sage wins' });
    const twice = await fx.call('POST', `/conflicts/${id}/resolve`, fx.adminToken, {
      winner: 'sage',
    });
    expectProblem(twice, 409);
    expect((await fx.call('GET', '/conflicts', fx.adminToken)).body.conflicts).toEqual([]);
  });

  it('proposes matches for a module and takes the admin’s decisions', async () => {
    const proposed = await fx.call('POST', '/modules/Products/matches/propose', fx.adminToken);
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ module: 'Products' });
    expect(typeof proposed.body.open).toBe('number');
    const widget = await fx.zohoIdOf('Products', 'Product_Code', 'A-100');
    await fx.backend.repos.matchProposals.add([
      {
        tenantId: fx.tenantId,
        module: 'Products',
        zohoId: widget,
        sageKey: 'NO-SUCH-ITEM',
        score: 61,
        reasons: ['name'],
        summary: { zoho: { Product_Name: 'Widget A-100' }, sage: { ItemCodeDesc: 'Widget' } },
      },
    ]);
    const list = await fx.call('GET', '/matches?module=Products', fx.adminToken);
    const mine = list.body.proposals.find((p: { sageKey: string }) => p.sageKey === 'NO-SUCH-ITEM');
    expect(mine).toMatchObject({ zohoId: widget, score: 61, status: 'open' });
    const rejected = await fx.call('POST', `/matches/${mine.id}/reject`, fx.adminToken, {});
    expect(rejected.body.proposal).toMatchObject({ id: mine.id, status: 'rejected' });
    const again = await fx.call('POST', `/matches/${mine.id}/confirm`, fx.adminToken, {});
    expectProblem(again, 409);
    expect(again.body.code).toBe('already_decided');
    expectProblem(await fx.call('GET', '/matches', fx.adminToken), 400);
    expectProblem(
      await fx.call('GET', '/matches?module=Products&status=maybe', fx.adminToken),
      400,
    );
    expectProblem(
      await fx.call('POST', `/matches/${mine.id}/reject`, fx.adminToken, { note: 'no' }),
      400,
    );
    expectProblem(await fx.call('POST', '/modules/Leads/matches/propose', fx.adminToken), 404);
    expectProblem(await fx.call('POST', '/matches/777777/confirm', fx.adminToken, {}), 404);
  });
});
