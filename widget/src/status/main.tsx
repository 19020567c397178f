import { mountLocation } from '../ui/shell.js';
import { StatusApp } from './status-app.js';

/** Entry of the status panel (related-list widget on the detail view): `app/status.html`. */
mountLocation({
  requiresRecord: true,
  autoResize: true,
  screen: (ctx) => <StatusApp ctx={ctx} />,
});
