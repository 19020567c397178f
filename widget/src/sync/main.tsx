import { mountLocation } from '../ui/shell.js';
import { SyncApp } from './sync-app.js';

/** Entry of the "Sync to Sage" custom button (detail view popup): `app/sync.html`. */
mountLocation({
  requiresRecord: true,
  autoResize: false,
  screen: (ctx) => <SyncApp ctx={ctx} />,
});
