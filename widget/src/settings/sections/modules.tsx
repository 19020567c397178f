import { useState } from 'preact/hooks';
import type { ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, Loading, Section, Status, useLoad } from '../ui.js';
import { ModuleCard } from './module-card.js';

/** Module pairs: direction, what enabling brings along, schedule, conflict and delete policies. */
export function Modules({ api }: { api: SettingsApi }) {
  const t = useT();
  const modules = useLoad(() => api.modules(), []);
  const zoho = useLoad(() => api.zoho(), []);
  const [notice, setNotice] = useState<string>();
  if (modules.loading && !modules.data) return <Loading />;
  if (modules.error) return <ErrorNote error={modules.error} />;
  const list = modules.data!.modules;
  const byName = new Map(list.map((m) => [m.module, m]));
  return (
    <Section id="modules" title={t('settings.modules.title')} intro={t('settings.modules.intro')}>
      <Status text={notice} />
      {list.map((m) => (
        <ModuleCard
          key={m.module}
          api={api}
          view={m}
          byName={byName}
          vendorsReason={unavailableReason(m, zoho.data)}
          onSaved={(text) => {
            setNotice(text);
            modules.reload();
          }}
        />
      ))}
    </Section>
  );
}

/** Why the org cannot sync the module (edition, GL module not installed), from the module API. */
function unavailableReason(
  m: ModuleView,
  zoho: { vendorsAvailable?: boolean; vendorsReason?: string | null } | undefined,
): string | undefined {
  const a = m.availability;
  if (a && !a.available) return a.action ? `${a.reason} ${a.action}` : a.reason;
  // A backend without the module API's availability: the connection's Vendors answer.
  if (m.module === 'Vendors' && zoho?.vendorsAvailable === false) return zoho.vendorsReason ?? '';
  return undefined;
}
