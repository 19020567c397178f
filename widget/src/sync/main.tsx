import { SYNC_MODULES } from '../platform/zoho-sdk.js';
import { mountLocation } from '../ui/shell.js';
import { SyncApp } from './sync-app.js';

/** Entry of the "Sync to Sage" custom button (detail view popup): `app/sync.html`. */
mountLocation({
  requiresRecord: true,
  recordModules: SYNC_MODULES,
  autoResize: false,
  screen: (ctx) => <SyncApp ctx={ctx} />,
});
