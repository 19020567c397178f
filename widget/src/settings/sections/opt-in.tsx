import { useState } from 'preact/hooks';
import type { ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { problemOf, Status, useAction } from '../ui.js';

/**
 * Per-record opt-in on a module card (ADR 0062): with it on, a Zoho record not yet in Sage goes
 * only when its "Sync to Sage" checkbox is ticked, and the "Sync to Sage" button ticks it. Saved
 * on its own, so turning it on never saves half-typed schedule changes of the card's other form.
 */
export function OptInForm(props: { api: SettingsApi; view: ModuleView; onSaved(): void }) {
  const t = useT();
  const { view } = props;
  const saved = view.settings.optIn === true;
  const [on, setOn] = useState(saved);
  const save = useAction();
  const id = `optin-${view.module}`;
  const error = save.error !== undefined ? problemOf(save.error).detail : undefined;
  const field = view.optInField ?? 'Sync_to_Sage';
  // "Accounts ↔ AR customers" → "Accounts": the Zoho module is what the sentence is about.
  const noun = view.label.split(/ [↔←→] /)[0] ?? view.label;
  return (
    <form
      class="st-rule"
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void save
          .run(
            () => props.api.saveModule(view.module, { optIn: on }),
            (r) =>
              t(r.settings.optIn ? 'settings.optIn.savedOn' : 'settings.optIn.savedOff', {
                module: noun,
              }),
          )
          .then((r) => r && props.onSaved());
      }}
    >
      <h3 id={`${id}-title`}>{t('settings.optIn.title')}</h3>
      <p class="st-hint">{t('settings.optIn.intro', { field })}</p>
      <label class="st-check-label" for={id}>
        <input
          id={id}
          type="checkbox"
          checked={on}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            save.setError(undefined);
            setOn(e.currentTarget.checked);
          }}
        />
        {t('settings.optIn.toggle')}
      </label>
      {error && (
        <p class="st-field-error" id={`${id}-error`} role="alert">
          {t('settings.notSaved')} {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="btn" disabled={save.busy || on === saved}>
          {save.busy ? t('settings.saving') : t('settings.optIn.save')}
        </button>
      </div>
      <Status text={save.done} />
    </form>
  );
}
