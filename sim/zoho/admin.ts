import type { SimFaults } from './faults.js';
import { customField } from './modules.js';
import type { SimNotifier } from './notifier.js';
import { project } from './record-reads.js';
import { createRecord, untickUnset } from './record-writes.js';
import type { Edition, SimModuleState, SimOrg, SimStore, SimUser } from './store.js';
import type { SimClient, SimTokens } from './tokens.js';
import { reindex, unindex } from './value-index.js';

/** What a test grant holds unless told otherwise: everything the product asks for at connect. */
export const FULL_SCOPE =
  'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.coql.READ,ZohoCRM.notifications.ALL';

/**
 * Test-only control of the simulator, in process. The same operations are served over HTTP under
 * `/__sim/` (admin-routes.ts) for the sandbox and `npm run sim:zoho`.
 */
export class SimAdmin {
  browserUserId: string | undefined;

  constructor(
    private readonly store: SimStore,
    private readonly tokens: SimTokens,
    private readonly notifier: SimNotifier,
    readonly faults: SimFaults,
    private readonly baseFor: (dc: string) => string,
  ) {}

  registerClient(client: SimClient): void {
    this.tokens.clients.set(client.clientId, client);
  }

  createOrg(input: {
    id?: string;
    companyName: string;
    dc?: string;
    edition?: Edition;
    trial?: Edition;
    timeZone?: string;
  }) {
    const org = this.store.createOrg(input);
    return {
      id: org.id,
      dc: org.dc,
      accountsServer: this.baseFor(org.dc),
      apiDomain: this.baseFor(org.dc),
    };
  }

  createUser(
    orgId: string,
    input: { email: string; fullName?: string; profile?: string },
  ): SimUser {
    return this.store.createUser(orgId, input);
  }

  setUserStatus(orgId: string, userId: string, status: 'active' | 'disabled'): void {
    const user = this.store.org(orgId).users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    user.status = status;
  }

  /** The org changes plan (an upgrade or downgrade in Zoho's billing): what the org API reports. */
  setEdition(orgId: string, edition: Edition): void {
    const org = this.store.org(orgId);
    org.edition = edition;
    org.trial = undefined;
  }

  /**
   * The admin creates a custom module in CRM Setup. GL_Accounts comes with the fields the setup
   * guide lists, unless `bare` (an admin who skipped them: only the name field).
   */
  createCustomModule(
    orgId: string,
    apiName: string,
    singular: string,
    plural: string,
    options: { bare?: boolean } = {},
  ): void {
    this.store.createCustomModule(orgId, apiName, singular, plural, options);
  }

  /** A refresh token as if the user had consented, for tests that skip the browser flow. */
  mintRefreshToken(
    orgId: string,
    userId: string,
    opts: { clientId: string; scope?: string },
  ): string {
    const org = this.store.org(orgId);
    if (!org.users.has(userId)) throw new Error(`no user ${userId} in org ${orgId}`);
    return this.tokens.mintRefreshToken({
      clientId: opts.clientId,
      orgId,
      userId,
      scope: opts.scope ?? FULL_SCOPE,
      dc: org.dc,
    }).token;
  }

  signInAs(userId: string | undefined): void {
    this.browserUserId = userId;
  }

  private module(
    orgId: string,
    module: string,
  ): { org: SimOrg; mod: SimModuleState; user: SimUser } {
    const org = this.store.org(orgId);
    const mod = org.modules.get(module);
    if (!mod) throw new Error(`org ${orgId} has no module ${module}`);
    const user =
      [...org.users.values()][0] ??
      this.store.createUser(orgId, { email: `owner@${orgId}.example`, profile: 'Administrator' });
    return { org, mod, user };
  }

  /**
   * Adds custom fields to a module as an admin does in Setup (or `POST /settings/fields`): the
   * API name comes from the label. A field whose label or API name exists already is left alone.
   * Returns the API names added.
   */
  addCustomFields(orgId: string, module: string, fields: Array<Parameters<typeof customField>[0]>) {
    const { mod } = this.module(orgId, module);
    const added: string[] = [];
    for (const input of fields) {
      const field = customField(input);
      const taken = mod.def.fields.some(
        (f) =>
          f.api_name === field.api_name ||
          f.field_label.toLowerCase() === field.field_label.toLowerCase(),
      );
      if (taken) continue;
      mod.def.fields.push(field);
      for (const rec of mod.records.values()) untickUnset([field], rec);
      added.push(field.api_name);
    }
    return added;
  }

  /** Subform rows as Zoho holds them: each with an id of its own (a row given one keeps it). */
  private withRowIds(mod: SimModuleState, data: Record<string, unknown>): Record<string, unknown> {
    const out = { ...data };
    for (const field of mod.def.fields) {
      const rows = out[field.api_name];
      if (field.data_type !== 'subform' || !Array.isArray(rows)) continue;
      out[field.api_name] = rows.map((row: Record<string, unknown>) => ({
        ...row,
        id: typeof row.id === 'string' ? row.id : this.store.nextId(),
      }));
    }
    return out;
  }

  /** Stores records as given (no validation, no notifications); `Modified_Time` may be set. */
  seedRecords(orgId: string, module: string, records: Array<Record<string, unknown>>): string[] {
    const { org, mod, user } = this.module(orgId, module);
    return records.map((r) => {
      const { Modified_Time: mt, id: _id, ...data } = r;
      const at = typeof mt === 'string' ? Date.parse(mt) : this.store.now();
      const record = this.withRowIds(mod, data);
      return createRecord({ store: this.store, org, module: mod, user }, record, at).id;
    });
  }

  /** Changes a record as a CRM user would: Modified_Time moves and channels hear of it. */
  editRecord(orgId: string, module: string, id: string, changes: Record<string, unknown>): void {
    const { org, mod } = this.module(orgId, module);
    const rec = mod.records.get(id);
    if (!rec) throw new Error(`no record ${id}`);
    unindex(mod, rec);
    Object.assign(rec.data, this.withRowIds(mod, changes));
    reindex(mod, rec);
    rec.modifiedMs = this.store.now();
    this.notifier.notify(org, module, 'edit', [id]);
  }

  deleteRecord(orgId: string, module: string, id: string): void {
    const { org, mod, user } = this.module(orgId, module);
    const rec = mod.records.get(id);
    if (!rec) throw new Error(`no record ${id}`);
    unindex(mod, rec);
    mod.records.delete(id);
    mod.deleted.push({
      id,
      display_name: String(rec.data[mod.def.name_field] ?? ''),
      deletedMs: this.store.now(),
      deleted_by: { id: user.id, name: user.full_name },
    });
    this.notifier.notify(org, module, 'delete', [id]);
  }

  records(orgId: string, module: string): Array<Record<string, unknown>> {
    const { mod } = this.module(orgId, module);
    const fields = mod.def.fields.map((f) => f.api_name);
    return [...mod.records.values()].sort((a, b) => a.seq - b.seq).map((r) => project(r, fields));
  }

  record(orgId: string, module: string, id: string): Record<string, unknown> | undefined {
    return this.records(orgId, module).find((r) => r.id === id);
  }

  fields(orgId: string, module: string) {
    return this.module(orgId, module).mod.def.fields;
  }

  expireAccessTokens(orgId?: string): number {
    return this.tokens.expireAccessTokens(orgId);
  }

  advanceClock(ms: number): void {
    this.store.clockOffsetMs += ms;
  }

  setAccessTokenTtl(seconds: number): void {
    this.tokens.accessTokenTtlSeconds = seconds;
  }

  setConcurrencyLimit(orgId: string, limit: number): void {
    this.store.org(orgId).concurrencyLimit = limit;
  }

  setCreditLimit(orgId: string, limit: number): void {
    this.store.org(orgId).creditLimit = limit;
  }

  /** Starts counting the most calls in flight at once afresh (a second burst's own figure). */
  resetMaxInFlight(orgId: string): void {
    this.store.org(orgId).maxInFlightSeen = 0;
  }

  stats(orgId: string) {
    const org = this.store.org(orgId);
    return {
      /** Refresh-token grants served for this org (token requests). */
      refreshGrants: this.tokens.refreshGrantsByOrg.get(org.id) ?? 0,
      creditsUsed: this.store.creditsUsed(org),
      /** CRM calls Zoho carried out (past the token, concurrency and credit checks). */
      calls: org.credits.length,
      maxInFlightSeen: org.maxInFlightSeen,
      /** The CRM calls' own time in ms, the latency left out (ADR 0075). */
      workMs: org.workMs,
      workflowRuns: org.workflowRuns,
      channels: [...org.channels.values()].map((c) => ({ ...c })),
    };
  }

  /** Refresh-token grants served for one org. */
  refreshGrantsFor(orgId: string): number {
    return this.tokens.refreshGrantsByOrg.get(orgId) ?? 0;
  }

  /** Refresh-token grants served so far, over every org. */
  get refreshGrants(): number {
    return this.tokens.refreshGrants;
  }

  /** The refresh tokens a user holds, revoked or not. */
  grantsOf(userId: string): Array<{ revoked: boolean; scope: string }> {
    return [...this.tokens.refreshTokens.values()]
      .filter((rt) => rt.userId === userId)
      .map((rt) => ({ revoked: rt.revoked, scope: rt.scope }));
  }

  isRevoked(refreshToken: string): boolean {
    return this.tokens.refreshTokens.get(refreshToken)?.revoked ?? false;
  }

  get deliveries() {
    return this.notifier.deliveries;
  }

  settleNotifications(): Promise<void> {
    return this.notifier.settle();
  }
}
