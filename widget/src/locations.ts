/**
 * The widget's locations: one page each in `app/`, built from one entry each. A location is placed
 * in CRM from Zoho's Developer Console (docs/zoho-setup.md), not from plugin-manifest.json.
 */
export interface WidgetLocation {
  /** File name in app/: `<id>.html`, `js/<id>.js`, `css/<id>.css`. */
  id: string;
  /** Entry module, relative to widget/. */
  entry: string;
  /** Translation key of the page title. */
  title: 'page.sync' | 'page.status' | 'page.settings';
}

export const LOCATIONS: WidgetLocation[] = [
  { id: 'sync', entry: 'src/sync/main.tsx', title: 'page.sync' },
  { id: 'status', entry: 'src/status/main.tsx', title: 'page.status' },
  { id: 'settings', entry: 'src/settings/main.tsx', title: 'page.settings' },
];
