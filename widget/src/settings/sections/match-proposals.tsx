import { useState } from 'preact/hooks';
import type { ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, Loading, show, Status, TextField, useAction, useLoad } from '../ui.js';
import { ModulePicker } from './module-picker.js';

/** Initial-match proposals of a module: propose, confirm above a score, or decide one by one. */
export function MatchProposals({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  const [module, setModule] = useState(modules[0]?.module ?? 'Accounts');
  const list = useLoad(() => api.matches(module), [module]);
  const act = useAction();
  const [minScore, setMinScore] = useState('80');
  const [scoreProblem, setScoreProblem] = useState<string>();
  const proposals = list.data?.proposals ?? [];
  const decide = (id: number, d: 'confirm' | 'reject') =>
    void act
      .run(
        () => api.decide(id, d),
        () => t(d === 'confirm' ? 'settings.review.confirmed' : 'settings.review.rejected'),
      )
      .then(list.reload);
  return (
    <div class="st-card" role="group" aria-labelledby="matches-title">
      <h3 id="matches-title">{t('settings.review.matches')}</h3>
      <p class="st-hint">{t('settings.review.matchesIntro')}</p>
      <ModulePicker id="matches-module" modules={modules} value={module} onChange={setModule} />
      <div class="actions">
        <button
          type="button"
          class="btn"
          disabled={act.busy}
          onClick={() =>
            void act
              .run(
                () => api.propose(module),
                (r) =>
                  t('settings.review.proposedNow', {
                    linked: r.linkedByKey,
                    proposed: r.proposed,
                    open: r.open,
                  }),
              )
              .then(list.reload)
          }
        >
          {t('settings.review.propose')}
        </button>
      </div>
      {list.loading && !list.data && <Loading />}
      <ErrorNote error={list.error} />
      {list.data && proposals.length === 0 && (
        <p class="st-hint">{t('settings.review.noMatches')}</p>
      )}
      {proposals.length > 0 && (
        <>
          <form
            class="st-inline"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(minScore);
              if (!Number.isInteger(n) || n < 1 || n > 100)
                return setScoreProblem(t('settings.review.scoreRange'));
              setScoreProblem(undefined);
              void act
                .run(
                  () => api.confirmAbove(module, n),
                  (r) =>
                    t('settings.review.confirmedAbove', {
                      n: r.confirmed.length,
                      skipped: r.skipped.length,
                    }),
                )
                .then(list.reload);
            }}
          >
            <TextField
              id="match-min"
              label={t('settings.review.minScore')}
              error={scoreProblem}
              inputMode="numeric"
              size={4}
              value={minScore}
              onValue={setMinScore}
            />
            <button type="submit" class="btn" disabled={act.busy}>
              {t('settings.review.confirmAbove')}
            </button>
          </form>
          <table class="grid st-table">
            <caption class="st-sr">{t('settings.review.matches')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.review.score')}</th>
                <th scope="col">Zoho</th>
                <th scope="col">Sage</th>
                <th scope="col">{t('settings.review.why')}</th>
                <th scope="col">
                  <span class="st-sr">{t('settings.mapping.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((p) => (
                <tr key={p.id} data-proposal={p.id}>
                  <td class="st-num">{p.score}</td>
                  <td>
                    {Object.values(p.summary.zoho).filter(Boolean).map(show).join(' · ')}{' '}
                    <span class="st-hint">({p.zohoId})</span>
                  </td>
                  <td>
                    {Object.values(p.summary.sage).filter(Boolean).map(show).join(' · ')}{' '}
                    <span class="st-hint">({p.sageKey})</span>
                  </td>
                  <td>{p.reasons.join(', ')}</td>
                  <td>
                    <button
                      type="button"
                      class="btn"
                      disabled={act.busy}
                      onClick={() => decide(p.id, 'confirm')}
                      aria-label={t('settings.review.confirmOne', {
                        zoho: p.zohoId,
                        sage: p.sageKey,
                      })}
                    >
                      {t('settings.review.confirm')}
                    </button>{' '}
                    <button
                      type="button"
                      class="btn"
                      disabled={act.busy}
                      onClick={() => decide(p.id, 'reject')}
                      aria-label={t('settings.review.rejectOne', {
                        zoho: p.zohoId,
                        sage: p.sageKey,
                      })}
                    >
                      {t('settings.review.reject')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <ErrorNote error={act.error} />
      <Status text={act.done} />
    </div>
  );
}
