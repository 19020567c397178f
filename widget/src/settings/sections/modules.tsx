import { useState } from 'preact/hooks';
import type { Direction, ModuleSettings, ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ModuleRules } from './module-rules.js';
import { draftOfSchedule, scheduleOf, type ScheduleDraft } from '../schedule.js';
import {
  ErrorNote,
  Field,
  fmtTime,
  Loading,
  problemOf,
  Section,
  Status,
  useAction,
  useLoad,
} from '../ui.js';

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

interface Draft {
  direction: Direction;
  schedule: ScheduleDraft;
  conflictPolicy: ModuleSettings['conflictPolicy'];
  tolerance: string;
  deletePolicy: ModuleSettings['deletePolicy'];
  brake: string;
}

const draftOf = (m: ModuleView): Draft => ({
  direction: m.settings.direction,
  schedule: draftOfSchedule(
    m.settings.schedule,
    Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  ),
  conflictPolicy: m.settings.conflictPolicy,
  tolerance: String(m.settings.conflictToleranceSeconds),
  deletePolicy: m.settings.deletePolicy,
  brake: String(m.settings.deleteBrakePercent),
});

function ModuleCard({
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
    const { schedule, problem: bad } = scheduleOf(d.schedule);
    if (bad) {
      setProblem({ field: bad.field, text: t(bad.key, bad.vars) });
      return;
    }
    const tolerance = Number(d.tolerance);
    if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 86_400) {
      setProblem({ field: 'tolerance', text: t('settings.modules.toleranceRange') });
      return;
    }
    const brake = Number(d.brake);
    if (!Number.isFinite(brake) || brake < 0 || brake > 100) {
      setProblem({ field: 'brake', text: t('settings.modules.brakeRange') });
      return;
    }
    const body: Partial<ModuleSettings> = {
      schedule,
      conflictPolicy: d.conflictPolicy,
      conflictToleranceSeconds: tolerance,
      deletePolicy: d.deletePolicy,
      deleteBrakePercent: brake,
    };
    if (d.direction !== view.settings.direction) body.direction = d.direction;
    void save
      .run(() => api.saveModule(view.module, body))
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
          <fieldset class="st-wide">
            <legend>{t('settings.schedule.title')}</legend>
            <div class="st-radios">
              <label>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={d.schedule.kind === 'interval'}
                  onChange={() => setSchedule({ kind: 'interval' })}
                />{' '}
                {t('settings.schedule.interval')}
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={d.schedule.kind === 'times'}
                  onChange={() => setSchedule({ kind: 'times' })}
                />{' '}
                {t('settings.schedule.times')}
              </label>
            </div>
            {d.schedule.kind === 'interval' ? (
              <div class="st-inline">
                <Field
                  id={`${id}-every`}
                  label={t('settings.schedule.every')}
                  hint={t('settings.schedule.everyHint')}
                  error={err('every')}
                >
                  {(p) => (
                    <input
                      {...p}
                      inputMode="decimal"
                      size={5}
                      value={d.schedule.every}
                      onInput={(e) => setSchedule({ every: e.currentTarget.value })}
                    />
                  )}
                </Field>
                <Field id={`${id}-unit`} label={t('settings.schedule.unit')}>
                  {(p) => (
                    <select
                      {...p}
                      value={d.schedule.unit}
                      onChange={(e) =>
                        setSchedule({ unit: e.currentTarget.value as ScheduleDraft['unit'] })
                      }
                    >
                      <option value="seconds">{t('settings.schedule.seconds')}</option>
                      <option value="minutes">{t('settings.schedule.minutes')}</option>
                      <option value="hours">{t('settings.schedule.hours')}</option>
                    </select>
                  )}
                </Field>
              </div>
            ) : (
              <div class="st-inline">
                <Field
                  id={`${id}-times`}
                  label={t('settings.schedule.timesList')}
                  hint={t('settings.schedule.timesHint')}
                  error={err('times')}
                >
                  {(p) => (
                    <input
                      {...p}
                      value={d.schedule.times}
                      onInput={(e) => setSchedule({ times: e.currentTarget.value })}
                    />
                  )}
                </Field>
                <Field
                  id={`${id}-zone`}
                  label={t('settings.schedule.timeZone')}
                  error={err('timeZone')}
                >
                  {(p) => (
                    <input
                      {...p}
                      value={d.schedule.timeZone}
                      onInput={(e) => setSchedule({ timeZone: e.currentTarget.value })}
                    />
                  )}
                </Field>
              </div>
            )}
          </fieldset>
          <Field id={`${id}-conflict`} label={t('settings.modules.conflictPolicy')}>
            {(p) => (
              <select
                {...p}
                value={d.conflictPolicy}
                onChange={(e) =>
                  set({ conflictPolicy: e.currentTarget.value as Draft['conflictPolicy'] })
                }
              >
                <option value="zoho_wins">{t('settings.modules.zohoWins')}</option>
                <option value="sage_wins">{t('settings.modules.sageWins')}</option>
                <option value="most_recent">{t('settings.modules.mostRecent')}</option>
              </select>
            )}
          </Field>
          {d.conflictPolicy === 'most_recent' && (
            <Field
              id={`${id}-tolerance`}
              label={t('settings.modules.tolerance')}
              hint={t('settings.modules.toleranceHint')}
              error={err('tolerance')}
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  size={6}
                  value={d.tolerance}
                  onInput={(e) => set({ tolerance: e.currentTarget.value })}
                />
              )}
            </Field>
          )}
          <Field id={`${id}-delete`} label={t('settings.modules.deletePolicy')}>
            {(p) => (
              <select
                {...p}
                value={d.deletePolicy}
                onChange={(e) =>
                  set({ deletePolicy: e.currentTarget.value as Draft['deletePolicy'] })
                }
              >
                <option value="ignore">{t('settings.modules.deleteIgnore')}</option>
                <option value="mark_inactive">{t('settings.modules.deleteInactive')}</option>
                <option value="delete">{t('settings.modules.deleteDelete')}</option>
              </select>
            )}
          </Field>
          <Field
            id={`${id}-brake`}
            label={t('settings.modules.brake')}
            hint={t('settings.modules.brakeHint')}
            error={err('brake')}
          >
            {(p) => (
              <input
                {...p}
                inputMode="decimal"
                size={5}
                value={d.brake}
                onInput={(e) => set({ brake: e.currentTarget.value })}
              />
            )}
          </Field>
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

/**
 * The module's failed records still owed (issue 10 item 3): an admin sees on the card that a
 * "partial" run is not finished business, and which records need them (a replay in Logs).
 */
function OwedRecords({ retries }: { retries: ModuleView['retries'] }) {
  const t = useT();
  if (!retries || (retries.waiting === 0 && retries.exhausted === 0)) return null;
  return (
    <>
      {' '}
      {retries.waiting > 0 && (
        <span class="st-pill st-partial" data-testid="retries-waiting">
          {t('settings.modules.retriesWaiting', { count: retries.waiting })}
        </span>
      )}{' '}
      {retries.exhausted > 0 && (
        <span class="st-pill st-failed" data-testid="retries-exhausted">
          {t('settings.modules.retriesExhausted', { count: retries.exhausted })}
        </span>
      )}
    </>
  );
}
