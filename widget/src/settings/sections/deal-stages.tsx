import { useState } from 'preact/hooks';
import {
  DEAL_TRIGGERS,
  type DealStageRule,
  type DealTrigger,
  type ModuleView,
  type SettingsApi,
} from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, Field, Loading, problemOf, Status, useAction, useLoad } from '../ui.js';

/**
 * The Deal stage rule on the Sales Orders card (ADR 0066): off by default; when on, a Deal moves
 * to the stage picked for its Sage order's status (New, Open, Closed, On hold) or for the order's
 * first invoice. The stages are the org's own (its Deals' Stage picklist); a saved stage the org
 * no longer has stays visible, marked, so the admin sees why a save is refused.
 */
export function DealStageForm(props: { api: SettingsApi; view: ModuleView; onSaved(): void }) {
  const t = useT();
  const saved = props.view.settings.dealStages ?? { enabled: false, stages: {} };
  const options = useLoad(() => props.api.dealStages(), []);
  const [draft, setDraft] = useState<DealStageRule>();
  const save = useAction();
  const rule = draft ?? saved;
  const problem = save.error !== undefined ? problemOf(save.error) : undefined;
  const issueOf = (trigger: DealTrigger) =>
    problem?.issues?.find((i) => i.path === `dealStages.stages.${trigger}`)?.message;
  const fieldIssues = DEAL_TRIGGERS.some((tr) => issueOf(tr));
  const set = (next: DealStageRule) => {
    save.setError(undefined);
    setDraft(next);
  };
  const setStage = (trigger: DealTrigger, stage: string) => {
    const stages = { ...rule.stages };
    if (stage) stages[trigger] = stage;
    else delete stages[trigger];
    set({ ...rule, stages });
  };
  if (options.loading && !options.data) return <Loading />;
  const known = options.data?.from === 'zoho' ? options.data.stages : undefined;
  return (
    <form
      class="st-rule"
      noValidate
      aria-labelledby="deal-stages-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save
          .run(
            () => props.api.saveModule(props.view.module, { dealStages: rule }),
            (r) =>
              t(
                r.settings.dealStages?.enabled
                  ? 'settings.deals.savedOn'
                  : 'settings.deals.savedOff',
              ),
          )
          .then((r) => {
            if (!r) return;
            setDraft(undefined);
            props.onSaved();
          });
      }}
    >
      <h3 id="deal-stages-title">{t('settings.deals.title')}</h3>
      <p class="st-hint">{t('settings.deals.intro')}</p>
      <label class="st-check-label" for="deal-stages-on">
        <input
          id="deal-stages-on"
          type="checkbox"
          checked={rule.enabled}
          onChange={(e) => set({ ...rule, enabled: e.currentTarget.checked })}
        />
        {t('settings.deals.toggle')}
      </label>
      {options.error !== undefined && <ErrorNote error={options.error} />}
      {options.data?.from === 'unavailable' && (
        <p class="notice warning">{t('settings.deals.noStages')}</p>
      )}
      <div class="st-grid">
        {DEAL_TRIGGERS.map((trigger) => {
          const value = rule.stages[trigger] ?? '';
          const missing = known !== undefined && value !== '' && !known.includes(value);
          return (
            <Field
              key={trigger}
              id={`deal-stage-${trigger}`}
              label={t(`settings.deals.when.${trigger}`)}
              error={issueOf(trigger)}
              hint={missing ? t('settings.deals.missing', { stage: value }) : undefined}
            >
              {(p) =>
                known ? (
                  <select
                    {...p}
                    value={value}
                    disabled={!rule.enabled}
                    onChange={(e) => setStage(trigger, e.currentTarget.value)}
                  >
                    <option value="">{t('settings.deals.dontMove')}</option>
                    {missing && <option value={value}>{value}</option>}
                    {known.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    {...p}
                    value={value}
                    disabled={!rule.enabled}
                    onInput={(e) => setStage(trigger, e.currentTarget.value.trim())}
                  />
                )
              }
            </Field>
          );
        })}
      </div>
      <div class="actions">
        <button type="submit" class="btn" disabled={save.busy || draft === undefined}>
          {save.busy ? t('settings.saving') : t('settings.deals.save')}
        </button>
        {draft && (
          <button type="button" class="btn" onClick={() => setDraft(undefined)}>
            {t('settings.discard')}
          </button>
        )}
      </div>
      {problem && (
        <p class="notice error" role="alert">
          <strong>{t('settings.notSaved')}</strong>{' '}
          {fieldIssues ? t('settings.deals.seeFields') : problem.detail}
        </p>
      )}
      <Status text={save.done} />
    </form>
  );
}
