import { useState } from 'preact/hooks';
import type { Direction, ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import type { ScheduleDraft } from '../schedule.js';
import { Field, fmtTime, problemOf, useAction } from '../ui.js';
import { bodyOfDraft, draftOf, type Draft } from './module-draft.js';
import { ModuleRules } from './module-rules.js';
import { OwedRecords } from './owed-records.js';
import { PolicyFields } from './policy-fields.js';
import { ScheduleFields } from './schedule-fields.js';

/** One module pair's card: its state in the summary, its settings form, its other rules. */
export function ModuleCard({
  api,
  view,
  byName,
  vendorsReason,
  onSaved,
}: {
  api: SettingsApi;
  view: ModuleView;
  byName: Map<string, ModuleView>;
  vendorsReason?: string;
  onSaved(text: string): void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>();
  const [problem, setProblem] = useState<{ field: string; text: string }>();
  const save = useAction();
  const d = draft ?? draftOf(view);
  const set = (patch: Partial<Draft>) => {
    setProblem(undefined);
    setDraft({ ...d, ...patch });
  };
  const setSchedule = (patch: Partial<ScheduleDraft>) =>
    set({ schedule: { ...d.schedule, ...patch } });
  const id = `mod-${view.module}`;
  const enabled = view.settings.direction !== 'disabled';
  const turningOn = d.direction !== 'disabled' && !enabled;
  const turningOff = d.direction === 'disabled' && enabled;
  const wouldEnable = turningOn
    ? view.needs
        .filter((n) => byName.get(n)?.settings.direction === 'disabled')
        .map((n) => byName.get(n)?.label ?? n)
    : [];
  const blockers = turningOff
    ? view.neededBy
        .filter((n) => byName.get(n)?.settings.direction !== 'disabled')
        .map((n) => byName.get(n)?.label ?? n)
    : [];
  const serverProblem = problemOf(save.error);

  const submit = (e: Event) => {
    e.preventDefault();
    const checked = bodyOfDraft(d, view);
    if ('problem' in checked) {
      const bad = checked.problem;
      setProblem({ field: bad.field, text: t(bad.key, bad.vars) });
      return;
    }
    void save
      .run(() => api.saveModule(view.module, checked.body))
      .then((r) => {
        if (!r) return;
        setDraft(undefined);
        const also = (r.alsoEnabled ?? []).map((n) => byName.get(n)?.label ?? n);
        onSaved(
          also.length > 0
            ? t('settings.modules.savedAlso', { module: view.label, also: also.join(', ') })
            : t('settings.modules.saved', { module: view.label }),
        );
      });
  };

  const err = (field: string) => (problem?.field === field ? problem.text : undefined);
  const directionLabel = (dir: Direction) => t(`settings.direction.${dir}`);

  return (
    <details class="st-card st-module" data-module={view.module}>
      <summary>
        <span class="st-module-name">{view.label}</span>{' '}
        <span
          class={`st-pill ${enabled ? 'st-on' : 'st-off'}`}
          data-testid={`direction-${view.module}`}
        >
          {directionLabel(view.settings.direction)}
        </span>{' '}
        {view.availability?.available === false && (
          <>
            <span class="st-pill st-off" data-testid={`availability-${view.module}`}>
              {t(
                view.availability.code === 'module_missing'
                  ? 'settings.modules.installModule'
                  : 'settings.modules.editionRequired',
              )}
            </span>{' '}
          </>
        )}
        <span class="st-hint">
          {view.lastRun
            ? t('settings.modules.lastRun', {
                at: fmtTime(view.lastRun.startedAt),
                status: t(`settings.status.${view.lastRun.status}`),
              })
            : t('settings.modules.neverRun')}
        </span>
        <OwedRecords retries={view.retries} />
      </summary>
      <form
        onSubmit={submit}
        noValidate
        aria-label={t('settings.modules.formLabel', { module: view.label })}
      >
        {vendorsReason && (
          <p class="notice warning" data-testid={`unavailable-${view.module}`}>
            {vendorsReason}
          </p>
        )}
        <div class="st-grid">
          <Field id={`${id}-direction`} label={t('settings.modules.direction')}>
            {(p) => (
              <select
                {...p}
                value={d.direction}
                disabled={Boolean(vendorsReason) && !enabled}
                onChange={(e) => set({ direction: e.currentTarget.value as Direction })}
              >
                {view.allowedDirections.map((dir) => (
                  <option key={dir} value={dir}>
                    {directionLabel(dir)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="st-field st-wide">
            {view.needs.length > 0 && (
              <p class="st-hint">
                {t('settings.modules.needs', {
                  needs: view.needs.map((n) => byName.get(n)?.label ?? n).join(', '),
                })}
              </p>
            )}
            {wouldEnable.length > 0 && (
              <p class="notice info" role="status">
                {t('settings.modules.willEnable', { also: wouldEnable.join(', ') })}
              </p>
            )}
            {blockers.length > 0 && (
              <p class="notice warning" role="status">
                {t('settings.modules.neededBy', { by: blockers.join(', ') })}
              </p>
            )}
          </div>
          <ScheduleFields id={id} schedule={d.schedule} onChange={setSchedule} err={err} />
          <PolicyFields id={id} draft={d} onChange={set} err={err} />
        </div>
        <div class="actions">
          <button type="submit" class="btn primary" disabled={save.busy}>
            {save.busy ? t('settings.saving') : t('settings.modules.save', { module: view.label })}
          </button>
          {draft && (
            <button type="button" class="btn" onClick={() => setDraft(undefined)}>
              {t('settings.discard')}
            </button>
          )}
        </div>
        {problem && (
          <p class="notice error" role="alert">
            {t('settings.notSaved')} {problem.text}
          </p>
        )}
        {save.error !== undefined && (
          <div class="notice error" role="alert">
            <strong>{t('settings.notSaved')}</strong> {serverProblem.detail}
          </div>
        )}
      </form>
      <ModuleRules api={api} view={view} onSaved={() => onSaved('')} />
    </details>
  );
}
