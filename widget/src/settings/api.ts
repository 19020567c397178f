import type { ApiClient } from '../platform/api.js';
import type {
  Activity,
  Check,
  Delivery,
  Health,
  NotificationSettings,
  SageConnection,
  ZohoConnection,
} from './api-types/connections.js';
import type {
  FieldLists,
  Filter,
  FilterPreset,
  FlowDirection,
  Mapping,
  ModuleSettings,
  ModuleView,
  Side,
} from './api-types/modules.js';
import type {
  Conflict,
  MatchProposal,
  RecordEvent,
  RunReport,
  RunStart,
  RunSummary,
} from './api-types/runs.js';

export * from './api-types/connections.js';
export * from './api-types/modules.js';
export * from './api-types/runs.js';

/**
 * The settings tab's calls to the backend (/api/v1, docs/api.md), typed. Every call goes through
 * the platform's API client (bearer token, problem+json turned into an ApiError, 401 back to the
 * sign-in), so sign-in and error wording stay in one place.
 */
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
    conflicts: async () => ({
      conflicts: await allPages((after) =>
        call<{ conflicts: Conflict[]; nextAfter: number | null }>(
          'GET',
          `/conflicts${after === null ? '' : `?after=${after}`}`,
        ).then((r) => ({ items: r.conflicts, nextAfter: r.nextAfter })),
      ),
    }),
    resolve: (id: number, winner: Side) =>
      call<{ report: RunReport }>('POST', `/conflicts/${id}/resolve`, { winner }),
    resolveFields: (id: number, fields: Record<string, Side>) =>
      call<{ report: RunReport }>('POST', `/conflicts/${id}/resolve-fields`, { fields }),
    matches: async (m: string) => ({
      proposals: await allPages((after) =>
        call<{ proposals: MatchProposal[]; nextAfter: number | null }>(
          'GET',
          `/matches?module=${enc(m)}${after === null ? '' : `&after=${after}`}`,
        ).then((r) => ({ items: r.proposals, nextAfter: r.nextAfter })),
      ),
    }),
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
 * Every page of a review list (GET /conflicts, /matches answer at most 500 at a time): the review
 * sections show the whole list, as they did before the lists were paged.
 */
async function allPages<T>(
  read: (after: number | null) => Promise<{ items: T[]; nextAfter: number | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let after: number | null = null;
  do {
    const page: { items: T[]; nextAfter: number | null } = await read(after);
    out.push(...page.items);
    after = page.nextAfter ?? null;
  } while (after !== null);
  return out;
}
