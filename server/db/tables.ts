/** Table names, shared by migrations and repositories so a rename is one edit. */
export const TABLES = {
  tenants: 'tenants',
  sageConnections: 'sage_connections',
  zohoConnections: 'zoho_connections',
  moduleSettings: 'module_settings',
  fieldMappings: 'field_mappings',
  moduleFilters: 'module_filters',
  links: 'links',
  cursors: 'cursors',
  runs: 'runs',
  recordEvents: 'record_events',
  conflicts: 'conflicts',
  matchProposals: 'match_proposals',
  pendingRecords: 'pending_records',
  zohoOauthStates: 'zoho_oauth_states',
  zohoCreditUsage: 'zoho_credit_usage',
  zohoNotificationChannels: 'zoho_notification_channels',
} as const;
