import { useEffect, useRef, useState } from 'preact/hooks';
import type { FlowDirection, ModuleView, RunReport, RunSummary, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { FINAL, followRuns, reportsOf, runsGoing } from '../runs.js';
import { ErrorNote, Section, TextField, useAction } from '../ui.js';
import { RecordDiffs } from './record-diffs.js';
import { RunProgressRow } from './run-progress.js';

type Window = 'last_run' | 'days' | 'date';

/** The request a Sync now form describes; undefined with the reason when it cannot be sent. */
export function runRequest(
  form: { modules: string[]; mode: FlowDirection; window: Window; days: string; date: string },
  now: Date,
): { body?: { modules: string[]; direction: FlowDirection; since?: string }; problem?: string } {
  if (form.modules.length === 0) return { problem: 'settings.syncNow.pickModule' };
  let since: string | undefined;
  if (form.window === 'days') {
    const n = Number(form.days);
    if (!Number.isInteger(n) || n < 1 || n > 3650) return { problem: 'settings.syncNow.badDays' };
    since = new Date(now.getTime() - n * 86_400_000).toISOString();
  } else if (form.window === 'date') {
    const at = Date.parse(`${form.date}T00:00:00`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date) || Number.isNaN(at))
      return { problem: 'settings.syncNow.badDate' };
    if (at > now.getTime()) return { problem: 'settings.syncNow.futureDate' };
    since = new Date(at).toISOString();
  }
  return { body: { modules: form.modules, direction: form.mode, ...(since ? { since } : {}) } };
}

/**
 * Sync now: modules, mode and window; Preview is the same request as a dry run (per-record,
 * per-field diffs, what would be skipped or fail), then Run does it. The module's saved
 * direction never changes: the mode only narrows this run.
 */
export function SyncNow({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  const enabled = modules.filter((m) => m.settings.direction !== 'disabled');
  const [picked, setPicked] = useState<string[]>([]);
  const [mode, setMode] = useState<FlowDirection>('both');
  const [window, setWindow] = useState<Window>('last_run');
  const [days, setDays] = useState('7');
  const [date, setDate] = useState('');
  const [problem, setProblem] = useState<string>();
  const [preview, setPreview] = useState<{ key: string; reports: RunReport[] }>();
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const previewing = useAction();
  const running = useAction();
  // Runs started before this section opened (in another tab, or before a reload) and still
  // going are followed here as if just started: their progress is not lost with the page.
  const resumed = useRef({ stopped: false });
  useEffect(() => {
    const signal = resumed.current;
    void runsGoing(api, ['manual', 'backfill'])
      .then((ids) => {
        if (ids.length > 0 && !signal.stopped)
          return followRuns(api, { runIds: ids }, setRuns, { signal });
      })
      .catch(() => undefined);
    return () => {
      signal.stopped = true;
    };
  }, []);
  const request = () => runRequest({ modules: picked, mode, window, days, date }, new Date());
  const key = JSON.stringify({ picked, mode, window, days, date });

  const doPreview = () => {
    setProblem(undefined);
    const r = request();
    if (!r.body) return setProblem(t(r.problem!));
    void previewing.run(async () => {
      const start = await api.run({ ...r.body!, dryRun: true });
      setPreview({ key, reports: await reportsOf(api, start) });
    });
  };
  const doRun = () => {
    const r = request();
    if (!r.body) return setProblem(t(r.problem!));
    resumed.current.stopped = true;
    void running.run(async () => {
      const start = await api.run({ ...r.body!, dryRun: false });
      await followRuns(api, start, setRuns);
    });
  };
  const previewCurrent = preview?.key === key;
  const busy = previewing.busy || running.busy || runs.some((r) => !FINAL.has(r.status));

  return (
    <Section id="syncnow" title={t('settings.syncNow.title')} intro={t('settings.syncNow.intro')}>
      <form class="st-card" noValidate onSubmit={(e) => (e.preventDefault(), doPreview())}>
        <fieldset>
          <legend>{t('settings.syncNow.modules')}</legend>
          {enabled.length === 0 && (
            <p class="notice warning">{t('settings.historical.noneEnabled')}</p>
          )}
          {enabled.map((m) => (
            <label key={m.module} class="st-check-label">
              <input
                type="checkbox"
                checked={picked.includes(m.module)}
                onChange={(e) =>
                  setPicked(
                    e.currentTarget.checked
                      ? [...picked, m.module]
                      : picked.filter((x) => x !== m.module),
                  )
                }
              />{' '}
              {m.label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('settings.syncNow.mode')}</legend>
          {(['sage_to_zoho', 'zoho_to_sage', 'both'] as const).map((d) => (
            <label key={d} class="st-check-label">
              <input
                type="radio"
                name="sync-mode"
                checked={mode === d}
                onChange={() => setMode(d)}
              />{' '}
              {t(`settings.direction.${d}`)}
            </label>
          ))}
          <p class="st-hint">{t('settings.syncNow.modeHint')}</p>
        </fieldset>
        <fieldset>
          <legend>{t('settings.syncNow.window')}</legend>
          <label class="st-check-label">
            <input
              type="radio"
              name="sync-window"
              checked={window === 'last_run'}
              onChange={() => setWindow('last_run')}
            />{' '}
            {t('settings.syncNow.sinceLast')}
          </label>
          <label class="st-check-label">
            <input
              type="radio"
              name="sync-window"
              checked={window === 'days'}
              onChange={() => setWindow('days')}
            />{' '}
            {t('settings.syncNow.lastDays')}
          </label>
          {window === 'days' && (
            <TextField
              id="sync-days"
              label={t('settings.syncNow.days')}
              inputMode="numeric"
              size={4}
              value={days}
              onValue={setDays}
            />
          )}
          <label class="st-check-label">
            <input
              type="radio"
              name="sync-window"
              checked={window === 'date'}
              onChange={() => setWindow('date')}
            />{' '}
            {t('settings.syncNow.fromDate')}
          </label>
          {window === 'date' && (
            <TextField
              id="sync-date"
              label={t('settings.syncNow.date')}
              type="date"
              value={date}
              onValue={setDate}
            />
          )}
        </fieldset>
        <div class="actions">
          <button type="submit" class="btn" disabled={busy}>
            {previewing.busy ? t('settings.syncNow.previewing') : t('settings.syncNow.preview')}
          </button>
          <button
            type="button"
            class="btn primary"
            disabled={busy || !previewCurrent}
            onClick={doRun}
          >
            {t('settings.syncNow.run')}
          </button>
        </div>
        {!previewCurrent && <p class="st-hint">{t('settings.syncNow.previewFirst')}</p>}
        {problem && (
          <p class="notice error" role="alert">
            {problem}
          </p>
        )}
        <ErrorNote error={previewing.error} />
        <ErrorNote error={running.error} />
      </form>
      {preview && (
        <div class="st-card" role="region" aria-label={t('settings.syncNow.previewResult')}>
          <h3>{t('settings.syncNow.previewResult')}</h3>
          {!previewCurrent && <p class="notice warning">{t('settings.syncNow.stale')}</p>}
          {preview.reports.map((r) => (
            <div key={r.runId}>
              <h4>
                {modules.find((m) => m.module === r.module)?.label ?? r.module}:{' '}
                {t('settings.syncNow.wouldDo', {
                  created: r.counts.created ?? 0,
                  updated: r.counts.updated ?? 0,
                  skipped: r.counts.skipped ?? 0,
                  failed: r.counts.failed ?? 0,
                })}
              </h4>
              {r.reason && <p class="notice warning">{r.reason}</p>}
              <RecordDiffs report={r} />
            </div>
          ))}
        </div>
      )}
      {runs.length > 0 && (
        <div class="st-card" role="region" aria-label={t('settings.syncNow.runResult')}>
          <h3>{t('settings.syncNow.runResult')}</h3>
          {runs.map((r) => (
            <RunProgressRow
              key={r.id}
              run={r}
              label={modules.find((m) => m.module === r.module)?.label ?? r.module}
            />
          ))}
        </div>
      )}
    </Section>
  );
}
