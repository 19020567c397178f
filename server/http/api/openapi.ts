import { z } from 'zod';
import * as s from './schemas.js';
import { SETTINGS_API_ROUTES } from './settings-openapi.js';

/**
 * The /api/v1 route table: what the OpenAPI document describes. A test compares it with the
 * routes the routers actually register, so the document cannot drift from the code.
 */
export interface ApiRoute {
  method: 'get' | 'put' | 'post';
  /** Express syntax (`:id`). */
  path: string;
  access: 'user' | 'admin';
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
}

export const API_ROUTES: ApiRoute[] = [
  { method: 'get', path: '/modules', access: 'user', summary: 'Module pairs, settings, last runs' },
  {
    method: 'put',
    path: '/modules/:module',
    access: 'admin',
    summary: 'Module settings; enables needs',
    body: s.moduleSettingsBody,
  },
  { method: 'get', path: '/modules/:module/mappings', access: 'admin', summary: 'Field mappings' },
  {
    method: 'put',
    path: '/modules/:module/mappings',
    access: 'admin',
    summary: 'Replace field mappings',
    body: s.mappingsBody,
  },
  { method: 'get', path: '/modules/:module/filters', access: 'admin', summary: 'Filters' },
  {
    method: 'put',
    path: '/modules/:module/filters',
    access: 'admin',
    summary: 'Replace filters',
    body: s.filtersBody,
  },
  {
    method: 'post',
    path: '/modules/:module/matches/propose',
    access: 'admin',
    summary: 'Initial match: link by key, propose the rest',
  },
  {
    method: 'get',
    path: '/connections/sage',
    access: 'admin',
    summary: 'Sage settings (secrets never returned)',
  },
  {
    method: 'put',
    path: '/connections/sage',
    access: 'admin',
    summary: 'Save Sage settings',
    body: s.sageConnectionBody,
  },
  {
    method: 'post',
    path: '/connections/sage/test',
    access: 'admin',
    summary: 'Test eBWS and the agent',
    body: s.emptyBody,
  },
  {
    method: 'post',
    path: '/runs',
    access: 'admin',
    summary: 'Queue a manual, historical or dry run (202 with the run ids)',
    body: s.runBody,
  },
  { method: 'get', path: '/runs', access: 'user', summary: 'Recent runs', query: s.runsQuery },
  { method: 'get', path: '/runs/:id', access: 'user', summary: 'One run with counts and progress' },
  { method: 'get', path: '/runs/:id/pages', access: 'user', summary: 'The pages a run finished' },
  {
    method: 'get',
    path: '/runs/:id/stream',
    access: 'user',
    summary: "A run's progress as Server-Sent Events",
  },
  {
    method: 'post',
    path: '/runs/:id/cancel',
    access: 'admin',
    summary: 'Stop a run between pages',
    body: s.emptyBody,
  },
  {
    method: 'get',
    path: '/runs/:id/events',
    access: 'admin',
    summary: 'Audit events of a run',
    query: s.eventsQuery,
  },
  {
    method: 'post',
    path: '/runs/:id/replay',
    access: 'admin',
    summary: "Queue a replay of a run's failed, skipped and conflicting records (202)",
    body: s.emptyBody,
  },
  {
    method: 'get',
    path: '/notifications/settings',
    access: 'admin',
    summary: 'Who is told about runs, and when',
  },
  {
    method: 'put',
    path: '/notifications/settings',
    access: 'admin',
    summary: 'Save the notification settings',
    body: s.notificationSettingsBody,
  },
  {
    method: 'get',
    path: '/notifications/deliveries',
    access: 'admin',
    summary: 'Notification deliveries with their attempts and errors',
    query: s.deliveriesQuery,
  },
  {
    method: 'post',
    path: '/notifications/test',
    access: 'admin',
    summary: 'Send a test notification',
    body: s.emptyBody,
  },
  {
    method: 'post',
    path: '/events/:id/replay',
    access: 'admin',
    summary: 'Replay one event',
    body: s.emptyBody,
  },
  {
    method: 'post',
    path: '/records/:module/sync',
    access: 'user',
    summary: 'Sync to Sage: one Zoho record and its parents',
    body: s.recordSyncBody,
  },
  {
    method: 'get',
    path: '/records/Deals/:zohoId/status',
    access: 'user',
    summary: 'Status panel of a Deal: its Sage orders and invoices',
  },
  {
    method: 'get',
    path: '/deals/stages',
    access: 'admin',
    summary: "The org's Deal stages, for the Deal stage rule",
  },
  {
    method: 'get',
    path: '/records/:module/:zohoId/status',
    access: 'user',
    summary: 'Status panel of a record',
  },
  {
    method: 'get',
    path: '/conflicts',
    access: 'admin',
    summary: 'Open conflicts',
    query: s.conflictsQuery,
  },
  {
    method: 'post',
    path: '/conflicts/:id/resolve',
    access: 'admin',
    summary: 'Resolve a conflict',
    body: s.resolveBody,
  },
  {
    method: 'get',
    path: '/matches',
    access: 'admin',
    summary: 'Match proposals of a module',
    query: s.matchesQuery,
  },
  {
    method: 'post',
    path: '/matches/:id/confirm',
    access: 'admin',
    summary: 'Confirm a proposal (links the pair)',
    body: s.emptyBody,
  },
  {
    method: 'post',
    path: '/matches/:id/reject',
    access: 'admin',
    summary: 'Reject a proposal',
    body: s.emptyBody,
  },
  ...SETTINGS_API_ROUTES,
];

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');
const schemaOf = (type: z.ZodType) => z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' });

const problem = { $ref: '#/components/responses/Problem' };

function operation(route: ApiRoute) {
  const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = route.query
    ? Object.entries(
        (schemaOf(route.query) as { properties?: Record<string, unknown> }).properties ?? {},
      ).map(([name, schema]) => ({ name, in: 'query', schema }))
    : [];
  return {
    summary: route.summary,
    description:
      route.access === 'admin'
        ? 'Zoho CRM administrators only.'
        : 'Any signed-in user of the organisation.',
    security: [{ session: [] }],
    parameters: [...params, ...queryParams],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body) } },
          },
        }
      : {}),
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
      '400': problem,
      '401': problem,
      ...(route.access === 'admin' ? { '403': problem } : {}),
      '404': problem,
      '409': problem,
      '422': problem,
    },
  };
}

/** The OpenAPI 3.1 document of /api/v1, built from the route table and its zod schemas. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const key = toOpenApiPath(route.path);
    paths[key] = { ...paths[key], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sage 100 Sync for Zoho CRM — widget API', version: '1' },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'http',
          scheme: 'bearer',
          description: 'The session token from Login with Zoho.',
        },
      },
      responses: {
        Problem: {
          description: 'RFC 9457 problem details',
          content: {
            'application/problem+json': {
              schema: {
                type: 'object',
                required: ['type', 'title', 'status'],
                properties: {
                  type: { type: 'string' },
                  title: { type: 'string' },
                  status: { type: 'integer' },
                  detail: { type: 'string' },
                  issues: { type: 'array' },
                },
              },
            },
          },
        },
      },
    },
  };
}
