import { mountLocation } from '../ui/shell.js';
import { SettingsApp } from './settings-app.js';

/** Entry of the settings location (a Settings widget or web tab in CRM): `app/settings.html`. */
mountLocation({
  requiresRecord: false,
  autoResize: false,
  screen: (ctx) => <SettingsApp ctx={ctx} />,
});
