import type { ComponentChildren } from 'preact';
import type { ModuleView } from './api.js';
import { useT } from './i18n.js';
import { Activity } from './sections/activity.js';
import { Connections } from './sections/connections.js';
import { Filters } from './sections/filters.js';
import { Historical } from './sections/historical.js';
import { Logs } from './sections/logs.js';
import { Mapping } from './sections/mapping.js';
import { Modules } from './sections/modules.js';
import { Notifications } from './sections/notifications.js';
import { Review } from './sections/review.js';
import { SyncNow } from './sections/sync-now.js';
import type { SectionProps } from './settings-app.js';
import { ErrorNote, Loading, useLoad } from './ui.js';

/**
 * The admin's settings sections, in the order the menu lists them. A section is a component that
 * gets the section props (typed API, reconnect, download); add one by writing its component in
 * sections/ and listing it here with a translation key for its menu entry.
 */
export interface SettingsSection {
  id: string;
  title: string;
  render(props: SectionProps): ComponentChildren;
}

/** Loads the module list for the sections that work per module (fresh each time one opens). */
function WithModules(props: SectionProps & { children(modules: ModuleView[]): ComponentChildren }) {
  const t = useT();
  const modules = useLoad(() => props.api.modules(), []);
  if (modules.error) return <ErrorNote error={modules.error} />;
  if (!modules.data) return <Loading what={t('settings.loadingModules')} />;
  return <>{props.children(modules.data.modules)}</>;
}

const perModule =
  (body: (p: SectionProps, modules: ModuleView[]) => ComponentChildren) => (p: SectionProps) => (
    <WithModules {...p}>{(modules) => body(p, modules)}</WithModules>
  );

export const SECTIONS: SettingsSection[] = [
  {
    id: 'connections',
    title: 'settings.nav.connections',
    render: (p) => <Connections api={p.api} reconnect={p.reconnect} />,
  },
  { id: 'modules', title: 'settings.nav.modules', render: (p) => <Modules api={p.api} /> },
  {
    id: 'mapping',
    title: 'settings.nav.mapping',
    render: perModule((p, m) => <Mapping api={p.api} modules={m} />),
  },
  {
    id: 'filters',
    title: 'settings.nav.filters',
    render: perModule((p, m) => <Filters api={p.api} modules={m} />),
  },
  {
    id: 'historical',
    title: 'settings.nav.historical',
    render: perModule((p, m) => <Historical api={p.api} modules={m} />),
  },
  {
    id: 'syncnow',
    title: 'settings.nav.syncNow',
    render: perModule((p, m) => <SyncNow api={p.api} modules={m} />),
  },
  {
    id: 'logs',
    title: 'settings.nav.logs',
    render: perModule((p, m) => <Logs api={p.api} modules={m} download={p.download} />),
  },
  {
    id: 'review',
    title: 'settings.nav.review',
    render: perModule((p, m) => <Review api={p.api} modules={m} />),
  },
  {
    id: 'activity',
    title: 'settings.nav.activity',
    render: perModule((p, m) => <Activity api={p.api} modules={m} />),
  },
  {
    id: 'notifications',
    title: 'settings.nav.notifications',
    render: (p) => <Notifications api={p.api} />,
  },
];
