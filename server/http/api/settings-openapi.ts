import type { ApiRoute } from './openapi.js';
import * as s from './schemas.js';
import * as x from './settings-schemas.js';

/** The settings tab's routes in the OpenAPI route table (see openapi.ts). */
export const SETTINGS_API_ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/modules/:module/fields',
    access: 'admin',
    summary: "Both sides' field lists (the org's Zoho fields, Sage's)",
  },
  {
    method: 'post',
    path: '/modules/:module/mappings/reset',
    access: 'admin',
    summary: "Reset a module's field mappings to the defaults",
    body: s.emptyBody,
  },
  {
    method: 'post',
    path: '/modules/:module/mappings/preview',
    access: 'admin',
    summary: 'Dry run of one record with the saved mapping',
    body: x.previewBody,
  },
  {
    method: 'post',
    path: '/modules/:module/filters/count',
    access: 'admin',
    summary: 'How many records the given filters let through',
    body: x.filterCountBody,
  },
  { method: 'get', path: '/connections/zoho', access: 'admin', summary: 'The connected Zoho org' },
  {
    method: 'post',
    path: '/connections/sage/checks',
    access: 'admin',
    summary: 'Test Connection as a check list',
    body: s.emptyBody,
  },
  {
    method: 'get',
    path: '/runs/:id/records.csv',
    access: 'admin',
    summary: "A run's records as CSV",
  },
  {
    method: 'post',
    path: '/matches/confirm-above',
    access: 'admin',
    summary: 'Confirm every open proposal at or above a score',
    body: x.confirmAboveBody,
  },
  {
    method: 'post',
    path: '/conflicts/:id/resolve-fields',
    access: 'admin',
    summary: 'Resolve a conflict with a side per field',
    body: x.resolveFieldsBody,
  },
  {
    method: 'get',
    path: '/activity',
    access: 'admin',
    summary: 'Records synced, failed and skipped per day and module',
    query: x.activityQuery,
  },
  {
    method: 'get',
    path: '/health',
    access: 'admin',
    summary: 'Health of the connections and of syncing',
  },
];
