import { useState } from 'preact/hooks';
import type { Conflict, ModuleView, SettingsApi, Side } from '../api.js';
import { useT } from '../i18n.js';
import {
  ErrorNote,
  Field,
  fmtTime,
  Loading,
  Section,
  show,
  Status,
  useAction,
  useLoad,
} from '../ui.js';
import { ModulePicker } from './module-picker.js';

/** The review lists: open conflicts (a choice per field), and initial-match proposals. */
export function Review({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  return (
    <Section id="review" title={t('settings.review.title')} intro={t('settings.review.intro')}>
      <Conflicts api={api} modules={modules} />
      <Matches api={api} modules={modules} />
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

function ConflictCard({
  api,
  conflict,
  label,
  onResolved,
}: {
  api: SettingsApi;
  conflict: Conflict;
  label: string;
  onResolved(text: string): void;
}) {
  const t = useT();
  const [choice, setChoice] = useState<Record<string, Side>>({});
  const resolve = useAction();
  const chosen = conflict.fields.map((f) => choice[f.field]);
  const complete = chosen.every(Boolean);
  const sides = new Set(chosen.filter(Boolean));
  const uniform = complete && sides.size === 1 ? [...sides][0] : undefined;
  return (
    <form
      class="st-conflict"
      data-conflict={conflict.id}
      aria-label={t('settings.review.conflictOf', {
        module: label,
        id: conflict.zohoId ?? conflict.sageKey ?? '',
      })}
      onSubmit={(e) => {
        e.preventDefault();
        if (!complete) return;
        // One side for every field, or the chosen side per field (POST .../resolve-fields).
        void resolve
          .run(() =>
            uniform
              ? api.resolve(conflict.id, uniform)
              : api.resolveFields(conflict.id, choice as Record<string, Side>),
          )
          .then(
            (r) =>
              r &&
              onResolved(
                t('settings.review.resolved', { side: uniform === 'zoho' ? 'Zoho' : 'Sage' }),
              ),
          );
      }}
    >
      <p>
        <strong>{label}</strong> · Zoho {conflict.zohoId ?? '—'} · Sage {conflict.sageKey ?? '—'} ·{' '}
        {fmtTime(conflict.createdAt)}
      </p>
      <table class="grid st-table st-compact">
        <caption class="st-sr">{t('settings.review.fields')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('settings.syncNow.field')}</th>
            <th scope="col">{t('settings.review.zohoValue')}</th>
            <th scope="col">{t('settings.review.sageValue')}</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((f, i) => (
            <tr key={f.field}>
              <th scope="row">{f.field}</th>
              {(['zoho', 'sage'] as const).map((side) => (
                <td key={side}>
                  <label>
                    <input
                      type="radio"
                      name={`conflict-${conflict.id}-${i}`}
                      checked={choice[f.field] === side}
                      onChange={() => setChoice({ ...choice, [f.field]: side })}
                      aria-label={t('settings.review.keep', {
                        side: side === 'zoho' ? 'Zoho' : 'Sage',
                        field: f.field,
                      })}
                    />{' '}
                    {show(side === 'zoho' ? f.zohoValue : f.sageValue)}
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        {conflict.fields.length > 1 &&
          (['zoho', 'sage'] as const).map((side) => (
            <button
              type="button"
              class="btn"
              key={side}
              onClick={() =>
                setChoice(Object.fromEntries(conflict.fields.map((f) => [f.field, side])))
              }
            >
              {t('settings.review.allFrom', { side: side === 'zoho' ? 'Zoho' : 'Sage' })}
            </button>
          ))}
        <button type="submit" class="btn primary" disabled={!complete || resolve.busy}>
          {t('settings.review.resolve')}
        </button>
      </div>
      {complete && !uniform && <p class="st-hint">{t('settings.review.mixed')}</p>}
      <ErrorNote error={resolve.error} />
    </form>
  );
}

function Matches({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
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
            <Field id="match-min" label={t('settings.review.minScore')} error={scoreProblem}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  size={4}
                  value={minScore}
                  onInput={(e) => setMinScore(e.currentTarget.value)}
                />
              )}
            </Field>
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
