/** The Zoho CRM side of the backend: what other parts (the CrmGateway adapter, jobs) use. */
export { TenantCrmClient, ZohoCrmClient, type ZohoCrmClientDeps } from './client.js';
export { buildCriteria, escapeCriteriaValue, type Condition, type Criteria } from './criteria.js';
export * from './errors.js';
export {
  ensureExtensionFields,
  EXTENSION_FIELDS,
  GL_MODULE,
  SYNC_STATUSES,
  WRITTEN_MODULES,
  type ExtensionFieldsReport,
} from './extension-fields.js';
export type { ModuleInfo, NewField } from './metadata-api.js';
export {
  NotificationChannels,
  type ChangeNotice,
  type NotificationOutcome,
} from './notification-channels.js';
export type {
  DeletedRecord,
  PageCursor,
  RecordsPage,
  Trigger,
  UpsertOptions,
  WriteOptions,
} from './records-api.js';
export type { FieldMeta, ZohoOrg, ZohoRecord, ZohoUser } from './schemas.js';
export type { ChannelSpec } from './watch-api.js';
export type { WriteFailure, WriteOutcome, WriteSuccess } from './write-outcomes.js';
