import { useState } from 'preact/hooks';
import type { ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, Loading, Section, Status, useLoad } from '../ui.js';
import { ConflictCard } from './conflict-card.js';
import { MatchProposals } from './match-proposals.js';

/** The review lists: open conflicts (a choice per field), and initial-match proposals. */
export function Review({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  return (
    <Section id="review" title={t('settings.review.title')} intro={t('settings.review.intro')}>
      <Conflicts api={api} modules={modules} />
      <MatchProposals api={api} modules={modules} />
    </Section>
  );
}

function Conflicts({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  const list = useLoad(() => api.conflicts(), []);
  const [done, setDone] = useState<string>();
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorNote error={list.error} />;
  const conflicts = list.data!.conflicts;
  return (
    <div class="st-card" role="group" aria-labelledby="conflicts-title">
      <h3 id="conflicts-title">{t('settings.review.conflicts', { n: conflicts.length })}</h3>
      <Status text={done} />
      {conflicts.length === 0 && <p class="st-hint">{t('settings.review.noConflicts')}</p>}
      {conflicts.map((c) => (
        <ConflictCard
          key={c.id}
          api={api}
          conflict={c}
          label={modules.find((m) => m.module === c.module)?.label ?? c.module}
          onResolved={(text) => {
            setDone(text);
            list.reload();
          }}
        />
      ))}
    </div>
  );
}
