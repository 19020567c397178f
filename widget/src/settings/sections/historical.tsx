import { useEffect, useRef, useState } from 'preact/hooks';
import type { ModuleView, RunSummary, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { FINAL, followRuns, runsGoing } from '../runs.js';
import { ErrorNote, Field, Section, useAction } from '../ui.js';
import { RunProgressRow } from './run-progress.js';

/**
 * Historical sync: a start date per module, run in the background (one run per module, parents
 * first), with a progress bar each and Cancel. There is no cap on how far back.
 */
export function Historical({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  const enabled = modules.filter((m) => m.settings.direction !== 'disabled');
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [problem, setProblem] = useState<string>();
  const start = useAction();
  const cancel = useAction();
  const follow = useRef({ stopped: false });
  useEffect(() => {
    // A historical sync started before this section opened (another tab, a reload): its
    // progress and Cancel show here again.
    const signal = follow.current;
    void runsGoing(api, ['backfill'])
      .then((ids) => {
        if (ids.length > 0 && !signal.stopped)
          return followRuns(api, { runIds: ids }, setRuns, { signal, intervalMs: 250 });
      })
      .catch(() => undefined);
    return () => void (follow.current.stopped = true);
  }, []);
  const running = runs.some((r) => !FINAL.has(r.status));

  const submit = (e: Event) => {
    e.preventDefault();
    setProblem(undefined);
    const chosen = Object.entries(picked);
    if (chosen.length === 0) return setProblem(t('settings.historical.pickOne'));
    const bad = chosen.find(
      ([, d]) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d)),
    );
    if (bad) return setProblem(t('settings.historical.badDate', { module: bad[0] }));
    const future = chosen.find(([, d]) => Date.parse(d) > Date.now());
    if (future) return setProblem(t('settings.historical.future', { module: future[0] }));
    void start.run(async () => {
      // One request per date: `since` is one instant per request. Parents first (catalog order).
      const ordered = modules.filter((m) => picked[m.module] !== undefined);
      const started: RunSummary[] = [];
      const all: string[] = [];
      for (const m of ordered) {
        const res = await api.run({
          modules: [m.module],
          since: new Date(`${picked[m.module]}T00:00:00`).toISOString(),
        });
        const ids =
          res.runIds ?? res.runs?.map((r) => r.id) ?? res.reports?.map((r) => r.runId) ?? [];
        all.push(...ids);
        if (res.runs) started.push(...res.runs);
      }
      follow.current.stopped = true;
      follow.current = { stopped: false };
      await followRuns(api, { runIds: all }, setRuns, { signal: follow.current, intervalMs: 250 });
    });
  };

  return (
    <Section
      id="historical"
      title={t('settings.historical.title')}
      intro={t('settings.historical.intro')}
    >
      <form class="st-card" onSubmit={submit} noValidate>
        {enabled.length === 0 && (
          <p class="notice warning">{t('settings.historical.noneEnabled')}</p>
        )}
        <table class="grid st-table">
          <caption class="st-sr">{t('settings.historical.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settings.module')}</th>
              <th scope="col">{t('settings.historical.from')}</th>
            </tr>
          </thead>
          <tbody>
            {enabled.map((m) => {
              const on = picked[m.module] !== undefined;
              return (
                <tr key={m.module}>
                  <td>
                    <label>
                      <input
                        type="checkbox"
                        checked={on}
                        onChange={(e) => {
                          const next = { ...picked };
                          if (e.currentTarget.checked)
                            next[m.module] = new Date(Date.now() - 365 * 86_400_000)
                              .toISOString()
                              .slice(0, 10);
                          else delete next[m.module];
                          setPicked(next);
                        }}
                      />{' '}
                      {m.label}
                    </label>
                  </td>
                  <td>
                    <Field
                      id={`hist-${m.module}`}
                      label={t('settings.historical.fromFor', { module: m.label })}
                      hideLabel
                    >
                      {(p) => (
                        <input
                          {...p}
                          type="date"
                          disabled={!on}
                          value={picked[m.module] ?? ''}
                          onInput={(e) =>
                            setPicked({ ...picked, [m.module]: e.currentTarget.value })
                          }
                        />
                      )}
                    </Field>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div class="actions">
          <button
            type="submit"
            class="btn primary"
            disabled={start.busy || running || enabled.length === 0}
          >
            {t('settings.historical.start')}
          </button>
        </div>
        {problem && (
          <p class="notice error" role="alert">
            {problem}
          </p>
        )}
        <ErrorNote error={start.error} />
      </form>
      {runs.length > 0 && (
        <div class="st-card" role="region" aria-label={t('settings.historical.progress')}>
          {runs.map((r) => (
            <RunProgressRow
              key={r.id}
              run={r}
              label={modules.find((m) => m.module === r.module)?.label ?? r.module}
              onCancel={() =>
                void cancel.run(
                  () => api.cancelRun(r.id),
                  () => t('settings.historical.cancelAsked', { module: r.module }),
                )
              }
              cancelling={cancel.busy}
            />
          ))}
          <ErrorNote error={cancel.error} />
          <p role="status" class="st-status">
            {cancel.done ?? ''}
          </p>
        </div>
      )}
    </Section>
  );
}
