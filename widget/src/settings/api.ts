import type { ApiClient } from '../platform/api.js';

/**
 * The settings tab's calls to the backend (/api/v1, docs/api.md), typed. Every call goes through
 * the platform's API client (bearer token, problem+json turned into an ApiError, 401 back to the
 * sign-in), so sign-in and error wording stay in one place.
 */

export type Direction = 'sage_to_zoho' | 'zoho_to_sage' | 'both' | 'disabled';
export type FlowDirection = Exclude<Direction, 'disabled'>;
export type Side = 'zoho' | 'sage';
export type Schedule =
  { kind: 'interval'; seconds: number } | { kind: 'times'; times: string[]; timeZone: string };

export interface ModuleSettings {
  direction: Direction;
  schedule: Schedule;
  conflictPolicy: 'zoho_wins' | 'sage_wins' | 'most_recent';
  conflictToleranceSeconds: number;
  deletePolicy: 'ignore' | 'mark_inactive' | 'delete';
  deleteBrakePercent: number;
  filterMatch: 'all' | 'any';
  initialMatchDone: boolean;
  /** Per-record opt-in (ADR 0062): only ticked records enter Sage. */
  optIn?: boolean;
  /** Sales_Orders only (ADR 0066): the Deal stage each Sage order status moves its Deal to. */
  dealStages?: DealStageRule;
}

export const DEAL_TRIGGERS = ['N', 'O', 'C', 'H', 'invoiced'] as const;
export type DealTrigger = (typeof DEAL_TRIGGERS)[number];
export interface DealStageRule {
  enabled: boolean;
  stages: Partial<Record<DealTrigger, string>>;
}

export interface RunSummary {
  id: string;
  module: string;
  direction: string;
  kind: string;
  status: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  reason: string | null;
  flags: string[];
  /** Background runs (issue 12): present once the job runner reports progress. */
  progress?: RunProgress;
}

/** A run's progress (GET /api/v1/runs/:id, issue 12): updated after every page. */
export interface RunProgress {
  phase: string;
  read: Record<Side, number>;
  written: Record<Side, number>;
  skipped: number;
  failed: number;
  /** What the sides said they have for this run, when they can tell. */
  estimatedTotal: number | null;
  /** Each pass on its own: read so far of its side's count (null until counted), and ended. */
  passes?: PassProgress[];
  pages: number;
  ratePerSecond: number | null;
  secondsLeft: number | null;
  updatedAt: string;
}

export interface PassProgress {
  pass: 'sage_to_zoho' | 'zoho_to_sage';
  done: number;
  estimatedTotal: number | null;
  finished: boolean;
}

export interface ModuleView {
  module: string;
  label: string;
  allowedDirections: Direction[];
  needs: string[];
  neededBy: string[];
  /** The Zoho checkbox of per-record opt-in (`Sync_to_Sage`), or null for modules without one. */
  optInField?: string | null;
  settings: ModuleSettings;
  /** Whether the Zoho org has the module (its edition; the GL module installed). */
  availability?:
    | { available: true }
    | {
        available: false;
        code: 'edition_required' | 'module_missing';
        reason: string;
        action: string | null;
      };
  lastRun: RunSummary | null;
  /** Failed records still owed: `waiting` are retried by later runs, `exhausted` need a replay. */
  retries?: { waiting: number; exhausted: number };
  /** The last run succeeded and no failed record is outstanding. */
  caughtUp?: boolean;
  alsoEnabled?: string[];
}

export interface Mapping {
  zohoField: string;
  sageField: string;
  direction: FlowDirection;
  transform?: { kind: string; [param: string]: unknown };
  emptyOverwrites: boolean;
  owner?: Side;
}

export interface Filter {
  side: Side;
  field: string;
  operator: string;
  value: string | number | boolean | null | string[];
}

/** A ready-made filter of the catalog's (Accounts: exclude inactive customers). */
export interface FilterPreset {
  id: string;
  label: string;
  filters: Filter[];
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface RecordOutcome {
  sageKey?: string;
  zohoId?: string;
  direction: string;
  action: string;
  reason?: string;
  changes: FieldChange[];
}

export interface RunReport {
  runId: string;
  module: string;
  kind: string;
  direction: string;
  dryRun: boolean;
  status: string;
  counts: Record<string, number>;
  reason: string | null;
  flags: string[];
  records: RecordOutcome[];
}

export interface RecordEvent extends RecordOutcome {
  id: number;
  runId: string;
  module: string;
  attempt: number;
  createdAt: string;
}

export interface Check {
  id: string;
  status: 'passed' | 'failed' | 'warning' | 'skipped';
  message: string;
  fix?: string;
}

export interface ZohoConnection {
  connected: boolean;
  orgId: string | null;
  orgName: string | null;
  dataCentre?: string;
  edition?: string | null;
  connectedAt?: string;
  connectedBy?: { id: string; name: string | null; email: string | null } | null;
  vendorsAvailable?: boolean;
  vendorsReason?: string | null;
  /** `{module}` and `{id}` to fill: the record's page in Zoho CRM. */
  recordUrlTemplate?: string | null;
}

export interface SageConnection {
  configured: boolean;
  endpointUrl?: string;
  companyCode?: string;
  username?: string;
  passwordSet?: boolean;
  timeZone?: string;
  lengthProfile?: '2018' | '2023';
  agentUrl?: string | null;
  agentTokenSet?: boolean;
  updatedAt?: string;
}

export interface Conflict {
  id: number;
  module: string;
  zohoId?: string;
  sageKey?: string;
  fields: Array<{ field: string; zohoValue: unknown; sageValue: unknown }>;
  createdAt: string;
}

export interface MatchProposal {
  id: number;
  module: string;
  zohoId: string;
  sageKey: string;
  score: number;
  reasons: string[];
  summary: { zoho: Record<string, unknown>; sage: Record<string, unknown> };
  status: string;
}

export interface FieldLists {
  zoho: {
    from: 'zoho' | 'catalog';
    reason?: string;
    fields: Array<{
      apiName: string;
      label: string;
      type: string;
      custom: boolean;
      readOnly: boolean;
    }>;
  };
  sage: {
    fields: Array<{ name: string; length: number | null; mandatory: boolean; key: boolean }>;
  };
}

export interface Activity {
  days: string[];
  modules: Array<{ module: string; synced: number[]; failed: number[]; skipped: number[] }>;
}

export interface Health {
  zoho: {
    connected: boolean;
    dataCentre?: string;
    creditsUsed24h?: number;
    /** Against this product's share (ZOHO_CREDIT_SHARE) of the edition's daily credits. */
    credits?: {
      used: number;
      /** Null: the edition is unlimited. */
      dailyCredits: number | null;
      budget: number | null;
      share: number;
      exhausted: boolean;
      /** When exhausted: when the oldest calls leave Zoho's rolling 24 hours. */
      resumesAt?: string | null;
    } | null;
  };
  sage: { configured: boolean; companyCode?: string; agent?: boolean };
  sync: {
    state: 'ok' | 'failing' | 'never_run' | 'not_connected';
    lastSucceeded: RunSummary | null;
    lastFailed: RunSummary | null;
    failedLast24h: number;
  };
}

export interface NotificationSettings {
  mode: 'off' | 'failures' | 'every' | 'digest';
  emails: string[];
  webhookUrl: string | null;
  webhookSecretSet: boolean;
  updatedAt: string | null;
  /** Only in the answer to the save that generated it. */
  webhookSecret?: string;
}

export interface Delivery {
  id: number;
  channel: 'email' | 'webhook';
  kind: 'run' | 'digest' | 'test';
  runId?: string;
  target: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError?: string | null;
  createdAt: string;
}

export function settingsApi(client: Pick<ApiClient, 'request'>) {
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    client.request<T>(method, `/api/v1${path}`, body);
  const enc = encodeURIComponent;
  return {
    modules: () => call<{ modules: ModuleView[] }>('GET', '/modules'),
    saveModule: (m: string, body: Partial<ModuleSettings>) =>
      call<ModuleView>('PUT', `/modules/${enc(m)}`, body),
    mappings: (m: string) =>
      call<{ isDefault: boolean; mappings: Mapping[] }>('GET', `/modules/${enc(m)}/mappings`),
    saveMappings: (m: string, mappings: Mapping[]) =>
      call<{ isDefault: boolean; mappings: Mapping[] }>('PUT', `/modules/${enc(m)}/mappings`, {
        mappings,
      }),
    resetMappings: (m: string) =>
      call<{ isDefault: boolean; mappings: Mapping[] }>(
        'POST',
        `/modules/${enc(m)}/mappings/reset`,
        {},
      ),
    preview: (m: string, ref: { zohoId: string } | { sageKey: string }) =>
      call<{ report: RunReport }>('POST', `/modules/${enc(m)}/mappings/preview`, ref),
    fields: (m: string) => call<FieldLists>('GET', `/modules/${enc(m)}/fields`),
    filters: (m: string) =>
      call<{ filterMatch: 'all' | 'any'; filters: Filter[]; presets?: FilterPreset[] }>(
        'GET',
        `/modules/${enc(m)}/filters`,
      ),
    dealStages: () =>
      call<{ from: 'zoho' | 'unavailable'; stages: string[]; reason?: string }>(
        'GET',
        '/deals/stages',
      ),
    saveFilters: (m: string, filters: Filter[]) =>
      call<{ filters: Filter[] }>('PUT', `/modules/${enc(m)}/filters`, { filters }),
    countFilters: (m: string, filters: Filter[], filterMatch: 'all' | 'any') =>
      call<{ sides: Array<{ side: Side; total: number; passing: number; truncated: boolean }> }>(
        'POST',
        `/modules/${enc(m)}/filters/count`,
        { filters, filterMatch },
      ),
    zoho: () => call<ZohoConnection>('GET', '/connections/zoho'),
    disconnectZoho: () => client.request<void>('POST', '/api/zoho/disconnect', {}),
    sage: () => call<SageConnection>('GET', '/connections/sage'),
    saveSage: (body: Record<string, unknown>) =>
      call<SageConnection>('PUT', '/connections/sage', body),
    checks: () => call<{ ok: boolean; checks: Check[] }>('POST', '/connections/sage/checks', {}),
    run: (body: {
      modules: string[];
      direction?: FlowDirection;
      dryRun?: boolean;
      since?: string;
    }) => call<RunStart>('POST', '/runs', body),
    runs: (module?: string, limit = 20) =>
      call<{ runs: RunSummary[] }>(
        'GET',
        `/runs?limit=${limit}${module ? `&module=${enc(module)}` : ''}`,
      ),
    runOne: (id: string) => call<RunSummary>('GET', `/runs/${enc(id)}`),
    cancelRun: (id: string) => call<RunSummary>('POST', `/runs/${enc(id)}/cancel`, {}),
    events: (id: string, action?: string) =>
      call<{ events: RecordEvent[] }>(
        'GET',
        `/runs/${enc(id)}/events${action ? `?action=${enc(action)}` : ''}`,
      ),
    replayRun: (id: string) => call<RunStart>('POST', `/runs/${enc(id)}/replay`, {}),
    replayEvent: (id: number) => call<{ report: RunReport }>('POST', `/events/${id}/replay`, {}),
    conflicts: () => call<{ conflicts: Conflict[] }>('GET', '/conflicts'),
    resolve: (id: number, winner: Side) =>
      call<{ report: RunReport }>('POST', `/conflicts/${id}/resolve`, { winner }),
    resolveFields: (id: number, fields: Record<string, Side>) =>
      call<{ report: RunReport }>('POST', `/conflicts/${id}/resolve-fields`, { fields }),
    matches: (m: string) =>
      call<{ proposals: MatchProposal[] }>('GET', `/matches?module=${enc(m)}`),
    propose: (m: string) =>
      call<{ linkedByKey: number; proposed: number; open: number }>(
        'POST',
        `/modules/${enc(m)}/matches/propose`,
        {},
      ),
    decide: (id: number, decision: 'confirm' | 'reject') =>
      call<unknown>('POST', `/matches/${id}/${decision}`, {}),
    confirmAbove: (module: string, minScore: number) =>
      call<{ confirmed: number[]; skipped: Array<{ id: number; reason: string }> }>(
        'POST',
        '/matches/confirm-above',
        { module, minScore },
      ),
    activity: (days: number) => call<Activity>('GET', `/activity?days=${days}`),
    health: () => call<Health>('GET', '/health'),
    notificationSettings: () => call<NotificationSettings>('GET', '/notifications/settings'),
    saveNotificationSettings: (body: Record<string, unknown>) =>
      call<NotificationSettings>('PUT', '/notifications/settings', body),
    deliveries: () => call<{ deliveries: Delivery[] }>('GET', '/notifications/deliveries?limit=20'),
    testNotifications: () => call<{ deliveries: Delivery[] }>('POST', '/notifications/test', {}),
  };
}
export type SettingsApi = ReturnType<typeof settingsApi>;

/**
 * POST /runs answers either the finished reports (before runs became jobs) or 202 with the
 * queued runs (issue 12). The screens follow queued runs by id either way.
 */
export interface RunStart {
  reports?: RunReport[];
  runs?: RunSummary[];
  runIds?: string[];
}

export const runIdsOf = (start: RunStart): string[] =>
  start.runIds ?? start.runs?.map((r) => r.id) ?? start.reports?.map((r) => r.runId) ?? [];
