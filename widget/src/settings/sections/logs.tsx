import { useState } from 'preact/hooks';
import type { ModuleView, RecordEvent, RunSummary, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, fmtTime, Loading, Section, show, Status, useAction, useLoad } from '../ui.js';
import { ModulePicker } from './module-picker.js';

const COUNTS = ['created', 'updated', 'unchanged', 'skipped', 'failed'] as const;
const REPLAYABLE = new Set(['failed', 'skipped', 'conflict']);

export interface LogsProps {
  api: SettingsApi;
  modules: ModuleView[];
  /** Saves a backend download (the CSV) with the session's token. */
  download(path: string, filename: string): Promise<void>;
}

/** The run log per module: counts that open their records, replay, CSV export. */
export function Logs(props: LogsProps) {
  const t = useT();
  const [module, setModule] = useState(props.modules[0]?.module ?? 'Accounts');
  return (
    <Section id="logs" title={t('settings.logs.title')} intro={t('settings.logs.intro')}>
      <ModulePicker id="logs-module" modules={props.modules} value={module} onChange={setModule} />
      <RunLog key={module} {...props} module={module} />
    </Section>
  );
}

function RunLog({ api, module, download }: LogsProps & { module: string }) {
  const t = useT();
  const runs = useLoad(() => api.runs(module, 25), [module]);
  const zoho = useLoad(() => api.zoho(), []);
  const template = zoho.data?.recordUrlTemplate;
  const recordUrl = (m: string, id: string) =>
    template
      ? template.replace('{module}', encodeURIComponent(m)).replace('{id}', encodeURIComponent(id))
      : undefined;
  const [open, setOpen] = useState<{ run: RunSummary; action: string }>();
  const exporting = useAction();
  if (runs.loading && !runs.data) return <Loading />;
  if (runs.error) return <ErrorNote error={runs.error} />;
  const list = runs.data!.runs;
  return (
    <div class="st-card">
      <div class="actions">
        <button type="button" class="btn" onClick={runs.reload}>
          {t('settings.refresh')}
        </button>
      </div>
      {list.length === 0 ? (
        <p class="st-hint">{t('settings.logs.none')}</p>
      ) : (
        // Ten columns outgrow a narrow tab: the table scrolls inside its card, never past it.
        <div class="st-scroll" data-testid="runs-scroll">
          <table class="grid st-table st-runs">
            <caption class="st-sr">{t('settings.logs.caption', { module })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.logs.started')}</th>
                <th scope="col">{t('settings.logs.kind')}</th>
                <th scope="col">{t('settings.logs.status')}</th>
                {COUNTS.map((c) => (
                  <th scope="col" key={c}>
                    {t(`settings.action.${c}`)}
                  </th>
                ))}
                <th scope="col">
                  <span class="st-sr">{t('settings.mapping.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} data-run={r.id}>
                  <td>{fmtTime(r.startedAt)}</td>
                  <td>
                    {t(`settings.kind.${r.kind}`)}
                    {r.dryRun ? ` (${t('settings.logs.dry')})` : ''}
                  </td>
                  <td>
                    <span class={`st-pill st-${r.status}`}>{t(`settings.status.${r.status}`)}</span>
                    {r.reason && <span class="st-reason"> {r.reason}</span>}
                  </td>
                  {COUNTS.map((c) => {
                    const n = r.counts[c] ?? 0;
                    return (
                      <td key={c} class="st-num">
                        {n > 0 && !r.dryRun ? (
                          <button
                            type="button"
                            class="link"
                            data-count={c}
                            aria-label={t('settings.logs.openCount', {
                              n,
                              action: t(`settings.action.${c}`),
                            })}
                            aria-expanded={open?.run.id === r.id && open.action === c}
                            onClick={() =>
                              setOpen(
                                open?.run.id === r.id && open.action === c
                                  ? undefined
                                  : { run: r, action: c },
                              )
                            }
                          >
                            {n}
                          </button>
                        ) : (
                          n
                        )}
                      </td>
                    );
                  })}
                  <td>
                    <button
                      type="button"
                      class="link"
                      disabled={exporting.busy}
                      aria-label={t('settings.logs.exportRun', { at: fmtTime(r.startedAt) })}
                      onClick={() =>
                        void exporting.run(() =>
                          download(
                            `/runs/${r.id}/records.csv`,
                            `${module}-${r.startedAt.slice(0, 10)}.csv`,
                          ),
                        )
                      }
                    >
                      {t('settings.logs.export')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorNote error={exporting.error} />
      {open && (
        <RunRecords
          key={`${open.run.id}-${open.action}`}
          api={api}
          run={open.run}
          action={open.action}
          recordUrl={recordUrl}
          onReplayed={runs.reload}
        />
      )}
    </div>
  );
}

function RunRecords({
  api,
  run,
  action,
  recordUrl,
  onReplayed,
}: {
  api: SettingsApi;
  run: RunSummary;
  action: string;
  recordUrl(module: string, zohoId: string): string | undefined;
  onReplayed(): void;
}) {
  const t = useT();
  const events = useLoad(() => api.events(run.id, action), [run.id, action]);
  const replay = useAction();
  const [outcomes, setOutcomes] = useState<Record<number, string>>({});
  if (events.loading && !events.data) return <Loading />;
  if (events.error) return <ErrorNote error={events.error} />;
  const list = events.data!.events;
  const replayOne = (e: RecordEvent) =>
    void replay.run(
      async () => {
        const { report } = await api.replayEvent(e.id);
        const rec = report.records[0];
        const text = rec
          ? `${t(`settings.action.${rec.action}`)}${rec.reason ? ` — ${rec.reason}` : ''}`
          : t('settings.logs.replayNothing');
        setOutcomes((o) => ({ ...o, [e.id]: text }));
        onReplayed();
        return text;
      },
      (text) => text,
    );
  return (
    <div
      class="st-records"
      role="region"
      aria-label={t('settings.logs.recordsOf', { action: t(`settings.action.${action}`) })}
    >
      <h3>
        {t('settings.logs.recordsTitle', {
          n: list.length,
          action: t(`settings.action.${action}`),
          at: fmtTime(run.startedAt),
        })}
      </h3>
      {REPLAYABLE.has(action) && list.length > 0 && (
        <button
          type="button"
          class="btn"
          disabled={replay.busy}
          onClick={() =>
            void replay
              .run(
                () => api.replayRun(run.id),
                (r) =>
                  t('settings.logs.replayedAll', { n: r.reports?.length ?? r.runs?.length ?? 0 }),
              )
              .then(onReplayed)
          }
        >
          {t('settings.logs.replayAll')}
        </button>
      )}
      <ul>
        {list.map((e) => {
          const url = e.zohoId ? recordUrl(run.module, e.zohoId) : undefined;
          return (
            <li key={e.id} class="st-record" data-event={e.id}>
              <p>
                {e.zohoId &&
                  (url ? (
                    <a href={url} target="_blank" rel="noopener noreferrer">
                      {t('settings.logs.zohoRecord', { id: e.zohoId })}
                    </a>
                  ) : (
                    t('settings.logs.zohoRecord', { id: e.zohoId })
                  ))}{' '}
                {e.sageKey && <span>{t('settings.logs.sageKey', { key: e.sageKey })}</span>}{' '}
                <span class="st-hint">{t(`settings.direction.${e.direction}`)}</span>
              </p>
              {e.reason && (
                <p class="st-reason" data-testid="reason">
                  {e.reason}
                </p>
              )}
              {e.changes.length > 0 && (
                <details class="st-changes-box" open={list.length <= 3}>
                  <summary>{t('settings.logs.changes', { n: e.changes.length })}</summary>
                  <ul class="st-changes">
                    {e.changes.map((c) => (
                      <li key={c.field}>
                        <code>{c.field}</code>: {show(c.before)} → {show(c.after)}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              {REPLAYABLE.has(e.action) && (
                <button
                  type="button"
                  class="btn"
                  disabled={replay.busy}
                  onClick={() => replayOne(e)}
                  aria-label={t('settings.logs.replayOne', {
                    id: e.zohoId ?? e.sageKey ?? String(e.id),
                  })}
                >
                  {t('settings.logs.replay')}
                </button>
              )}
              {outcomes[e.id] && (
                <p class="notice info" role="status" data-testid="replay-outcome">
                  {t('settings.logs.replayOutcome', { outcome: outcomes[e.id]! })}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <ErrorNote error={replay.error} />
      <Status text={replay.done} />
    </div>
  );
}
