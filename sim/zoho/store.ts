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

const EDITION_RANK: Record<Edition, number> = {
  free: 0,
  standard: 1,
  professional: 2,
  enterprise: 3,
  ultimate: 4,
};

/** The edition whose features the org has now: the evaluated one while a trial runs. */
export function currentEdition(org: SimOrg, nowMs: number): Edition {
  return org.trial && nowMs < org.trial.endsMs ? org.trial.edition : org.edition;
}

/**
 * A module as the org's CRM API sees it: one its edition lacks (Vendors below Professional) or
 * one never created (a custom module) is not there, and Zoho answers INVALID_MODULE.
 */
export function moduleInEdition(
  org: SimOrg,
  name: string,
  nowMs: number,
): SimModuleState | undefined {
  const module = org.modules.get(name);
  if (!module) return undefined;
  const min = module.def.min_edition;
  return min && EDITION_RANK[currentEdition(org, nowMs)] < EDITION_RANK[min] ? undefined : module;
}

export interface SimOrg {
  id: string;
  zgid: string;
  company_name: string;
  dc: string;
  /** The paid edition (`license_details.paid_type`); `free` for an org on trial. */
  edition: Edition;
  /** The edition an org on trial evaluates (`license_details.trial_type`) until `trialEndsMs`. */
  trial?: { edition: Edition; endsMs: number };
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
  /** The CRM calls' own time in ms (the guard's checks and the handler, no latency). */
  workMs: number;
  /** Writes that asked for (or defaulted to) workflow triggers. */
  workflowRuns: number;
}

export class SimStore {
  readonly orgs = new Map<string, SimOrg>();
  private idSeq = 0;
  private recordSeq = 0;
  /** Added to the base clock: tests move the simulated clock forward. */
  clockOffsetMs = 0;
  /** Records one query may read by page_token (Zoho: 100,000); tests lower it. */
  pageTokenLimit = 100_000;

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
    /** An org on trial of this edition (15 days from now): paid_type free, trial limits. */
    trial?: Edition;
    timeZone?: string;
  }): SimOrg {
    const id = input.id ?? String(60_000_000 + this.orgs.size + 1);
    if (this.orgs.has(id)) throw new Error(`org ${id} exists`);
    const edition = input.trial ? 'free' : (input.edition ?? 'enterprise');
    // Zoho applies the evaluated edition's limits during a trial.
    const limits = EDITION_LIMITS[input.trial ?? edition];
    const org: SimOrg = {
      id,
      zgid: id,
      company_name: input.companyName,
      dc: input.dc ?? 'us',
      edition,
      ...(input.trial
        ? { trial: { edition: input.trial, endsMs: this.now() + 15 * 24 * 3600_000 } }
        : {}),
      time_zone: input.timeZone ?? 'America/Chicago',
      currency: 'USD',
      creditLimit: limits.credits,
      concurrencyLimit: limits.concurrency,
      users: new Map(),
      modules: new Map(),
      channels: new Map(),
      credits: [],
      inFlight: 0,
      maxInFlightSeen: 0,
      workMs: 0,
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
    const role = profile === 'Administrator' ? 'CEO' : 'Sales';
    const user: SimUser = {
      id: this.nextId(),
      zuid: String(800_000_000 + this.idSeq),
      email: input.email,
      full_name: input.fullName ?? input.email.split('@')[0] ?? input.email,
      status: input.status ?? 'active',
      // Profiles and roles have numeric ids like every Zoho entity, one per name in an org.
      profile: { id: this.namedId(orgId, 'profile', profile), name: profile },
      role: { id: this.namedId(orgId, 'role', role), name: role },
    };
    org.users.set(user.id, user);
    return user;
  }

  private readonly namedIds = new Map<string, string>();

  private namedId(orgId: string, kind: 'profile' | 'role', name: string): string {
    const key = `${orgId}\u0000${kind}\u0000${name}`;
    let id = this.namedIds.get(key);
    if (!id) {
      id = this.nextId();
      this.namedIds.set(key, id);
    }
    return id;
  }

  createCustomModule(
    orgId: string,
    apiName: string,
    singular: string,
    plural: string,
    options: { bare?: boolean } = {},
  ): void {
    const org = this.org(orgId);
    org.modules.set(apiName, {
      def: customModule(apiName, singular, plural, options),
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

/**
 * Zoho's date-time format: seconds precision, in the org's time zone with its offset
 * (`2026-05-01T15:30:00+05:30`), as Zoho stamps Modified_Time, deleted_time and the rest.
 */
export function zohoTime(ms: number, timeZone = 'UTC'): string {
  const at = Math.floor(ms / 1000) * 1000;
  const offset = offsetMinutes(at, timeZone);
  const local = new Date(at + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** The last minute asked per zone (a run stamps thousands of records in the same few seconds). */
const lastOffset = new Map<string, { minute: number; offset: number }>();

/** The zone's offset from UTC at an instant, in minutes (east positive). */
function offsetMinutes(ms: number, timeZone: string): number {
  // Offsets change on whole minutes, so one minute's answer holds for all of it.
  const minute = Math.floor(ms / 60_000);
  const last = lastOffset.get(timeZone);
  if (last?.minute === minute) return last.offset;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const at = minute * 60_000;
  const parts = format.formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offset = Math.round((asUtc - at) / 60_000);
  lastOffset.set(timeZone, { minute, offset });
  return offset;
}
