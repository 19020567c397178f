import { useState } from 'preact/hooks';
import type { Filter, ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, Loading, problemOf, Status, useAction, useLoad } from '../ui.js';

const PRESET = 'exclude_inactive';
const same = (a: Filter, b: Filter) =>
  a.side === b.side &&
  a.field === b.field &&
  a.operator === b.operator &&
  JSON.stringify(a.value) === JSON.stringify(b.value);

/**
 * Inactive customers on the Accounts card: how Sage's inactive status shows in Zoho (the
 * "Sage Inactive" box, mapped both ways by default), and the choice to leave inactive customers
 * out of the sync, which is the catalog's `exclude_inactive` filter preset added to (or taken
 * out of) the module's filters; other filters the admin wrote stay as they are.
 */
export function InactiveForm(props: { api: SettingsApi; view: ModuleView }) {
  const t = useT();
  const { api, view } = props;
  const loaded = useLoad(() => api.filters(view.module), [view.module]);
  const [exclude, setExclude] = useState<boolean>();
  const save = useAction();
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  const { filters, presets } = loaded.data!;
  const preset = presets?.find((p) => p.id === PRESET);
  if (!preset) return null;
  const applied = preset.filters.every((p) => filters.some((f) => same(f, p)));
  const on = exclude ?? applied;
  const error = save.error !== undefined ? problemOf(save.error).detail : undefined;
  return (
    <form
      class="st-rule"
      noValidate
      aria-labelledby="inactive-title"
      onSubmit={(e) => {
        e.preventDefault();
        const others = filters.filter((f) => !preset.filters.some((p) => same(f, p)));
        void save
          .run(
            () => api.saveFilters(view.module, on ? [...others, ...preset.filters] : others),
            () => t(on ? 'settings.inactive.savedOn' : 'settings.inactive.savedOff'),
          )
          .then((r) => {
            if (!r) return;
            setExclude(undefined);
            loaded.reload();
          });
      }}
    >
      <h3 id="inactive-title">{t('settings.inactive.title')}</h3>
      <p class="st-hint">{t('settings.inactive.intro')}</p>
      <label class="st-check-label" for="inactive-exclude">
        <input
          id="inactive-exclude"
          type="checkbox"
          checked={on}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'inactive-error' : 'inactive-hint'}
          onChange={(e) => {
            save.setError(undefined);
            setExclude(e.currentTarget.checked);
          }}
        />
        {t('settings.inactive.toggle')}
      </label>
      <p class="st-hint" id="inactive-hint">
        {t('settings.inactive.hint')}
      </p>
      {error && (
        <p class="st-field-error" id="inactive-error" role="alert">
          {t('settings.notSaved')} {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="btn" disabled={save.busy || on === applied}>
          {save.busy ? t('settings.saving') : t('settings.inactive.save')}
        </button>
      </div>
      <Status text={save.done} />
    </form>
  );
}
