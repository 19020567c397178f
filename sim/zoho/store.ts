import crypto from 'node:crypto';
import { customModule, standardModules, type SimModuleDef } from './modules.js';

/** Everything the simulated Zoho cloud holds, for every org, in memory. */

export interface SimUser {
  id: string;
  zuid: string;
  email: string;
  full_name: string;
  status: 'active' | 'disabled';
  profile: { id: string; name: string };
  role: { id: string; name: string };
}

export interface SimRecord {
  id: string;
  /** Insertion order, the tie-break when two records share a Modified_Time. */
  seq: number;
  modifiedMs: number;
  createdMs: number;
  data: Record<string, unknown>;
}

export interface SimDeleted {
  id: string;
  display_name: string;
  deletedMs: number;
  deleted_by: { id: string; name: string };
}

export interface SimModuleState {
  def: SimModuleDef;
  records: Map<string, SimRecord>;
  deleted: SimDeleted[];
}

export interface SimChannel {
  channel_id: string;
  events: string[];
  notify_url: string;
  token?: string;
  expiresMs: number;
  return_affected_field_values: boolean;
}

export type Edition = 'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate';

export const EDITION_LIMITS: Record<Edition, { credits: number; concurrency: number }> = {
  free: { credits: 5_000, concurrency: 5 },
  standard: { credits: 100_000, concurrency: 10 },
  professional: { credits: 3_000_000, concurrency: 15 },
  enterprise: { credits: 5_000_000, concurrency: 20 },
  ultimate: { credits: 10_000_000, concurrency: 25 },
};

export interface SimOrg {
  id: string;
  zgid: string;
  company_name: string;
  dc: string;
  edition: Edition;
  time_zone: string;
  currency: string;
  creditLimit: number;
  concurrencyLimit: number;
  users: Map<string, SimUser>;
  modules: Map<string, SimModuleState>;
  channels: Map<string, SimChannel>;
  /** Credits spent, one entry per call, for the rolling 24 h window. */
  credits: Array<{ atMs: number; credits: number }>;
  inFlight: number;
  maxInFlightSeen: number;
  /** Writes that asked for (or defaulted to) workflow triggers. */
  workflowRuns: number;
}

export class SimStore {
  readonly orgs = new Map<string, SimOrg>();
  private idSeq = 0;
  private recordSeq = 0;
  /** Added to the base clock: tests move the simulated clock forward. */
  clockOffsetMs = 0;

  /** The wall clock unless a test rig shares one clock between both simulators and the engine. */
  constructor(private readonly baseClock: () => number = Date.now) {}

  now(): number {
    return this.baseClock() + this.clockOffsetMs;
  }

  /** Zoho ids are 19-digit numbers sent as strings. */
  nextId(): string {
    return String(5_725_767_000_000_000_000n + BigInt(++this.idSeq));
  }

  nextRecordSeq(): number {
    return ++this.recordSeq;
  }

  createOrg(input: {
    id?: string;
    companyName: string;
    dc?: string;
    edition?: Edition;
    timeZone?: string;
  }): SimOrg {
    const id = input.id ?? String(60_000_000 + this.orgs.size + 1);
    if (this.orgs.has(id)) throw new Error(`org ${id} exists`);
    const edition = input.edition ?? 'enterprise';
    const org: SimOrg = {
      id,
      zgid: id,
      company_name: input.companyName,
      dc: input.dc ?? 'us',
      edition,
      time_zone: input.timeZone ?? 'America/Chicago',
      currency: 'USD',
      creditLimit: EDITION_LIMITS[edition].credits,
      concurrencyLimit: EDITION_LIMITS[edition].concurrency,
      users: new Map(),
      modules: new Map(),
      channels: new Map(),
      credits: [],
      inFlight: 0,
      maxInFlightSeen: 0,
      workflowRuns: 0,
    };
    for (const def of standardModules()) {
      org.modules.set(def.api_name, { def, records: new Map(), deleted: [] });
    }
    this.orgs.set(id, org);
    return org;
  }

  createUser(
    orgId: string,
    input: { email: string; fullName?: string; profile?: string; status?: 'active' | 'disabled' },
  ): SimUser {
    const org = this.org(orgId);
    const profile = input.profile ?? 'Standard';
    const user: SimUser = {
      id: this.nextId(),
      zuid: String(800_000_000 + this.idSeq),
      email: input.email,
      full_name: input.fullName ?? input.email.split('@')[0] ?? input.email,
      status: input.status ?? 'active',
      profile: {
        id: crypto.createHash('sha1').update(profile).digest('hex').slice(0, 12),
        name: profile,
      },
      role: { id: '1', name: profile === 'Administrator' ? 'CEO' : 'Sales' },
    };
    org.users.set(user.id, user);
    return user;
  }

  createCustomModule(orgId: string, apiName: string, singular: string, plural: string): void {
    const org = this.org(orgId);
    org.modules.set(apiName, {
      def: customModule(apiName, singular, plural),
      records: new Map(),
      deleted: [],
    });
  }

  org(orgId: string): SimOrg {
    const org = this.orgs.get(orgId);
    if (!org) throw new Error(`no simulated org ${orgId}`);
    return org;
  }

  findUser(userId: string): { org: SimOrg; user: SimUser } | undefined {
    for (const org of this.orgs.values()) {
      const user = org.users.get(userId);
      if (user) return { org, user };
    }
    return undefined;
  }

  creditsUsed(org: SimOrg): number {
    const from = this.now() - 24 * 3600_000;
    return org.credits.filter((c) => c.atMs > from).reduce((sum, c) => sum + c.credits, 0);
  }
}

/** Zoho's date-time format: seconds precision with an explicit offset. */
export const zohoTime = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
