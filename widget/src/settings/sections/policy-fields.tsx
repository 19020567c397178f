import { useT } from '../i18n.js';
import { Field, TextField } from '../ui.js';
import type { Draft } from './module-draft.js';

/** How a module settles conflicts and deletes, and the delete brake. */
export function PolicyFields({
  id,
  draft,
  onChange,
  err,
}: {
  id: string;
  draft: Draft;
  onChange(patch: Partial<Draft>): void;
  err(field: string): string | undefined;
}) {
  const t = useT();
  return (
    <>
      <Field id={`${id}-conflict`} label={t('settings.modules.conflictPolicy')}>
        {(p) => (
          <select
            {...p}
            value={draft.conflictPolicy}
            onChange={(e) =>
              onChange({ conflictPolicy: e.currentTarget.value as Draft['conflictPolicy'] })
            }
          >
            <option value="zoho_wins">{t('settings.modules.zohoWins')}</option>
            <option value="sage_wins">{t('settings.modules.sageWins')}</option>
            <option value="most_recent">{t('settings.modules.mostRecent')}</option>
          </select>
        )}
      </Field>
      {draft.conflictPolicy === 'most_recent' && (
        <TextField
          id={`${id}-tolerance`}
          label={t('settings.modules.tolerance')}
          hint={t('settings.modules.toleranceHint')}
          error={err('tolerance')}
          inputMode="numeric"
          size={6}
          value={draft.tolerance}
          onValue={(v) => onChange({ tolerance: v })}
        />
      )}
      <Field id={`${id}-delete`} label={t('settings.modules.deletePolicy')}>
        {(p) => (
          <select
            {...p}
            value={draft.deletePolicy}
            onChange={(e) =>
              onChange({ deletePolicy: e.currentTarget.value as Draft['deletePolicy'] })
            }
          >
            <option value="ignore">{t('settings.modules.deleteIgnore')}</option>
            <option value="mark_inactive">{t('settings.modules.deleteInactive')}</option>
            <option value="delete">{t('settings.modules.deleteDelete')}</option>
          </select>
        )}
      </Field>
      <TextField
        id={`${id}-brake`}
        label={t('settings.modules.brake')}
        hint={t('settings.modules.brakeHint')}
        error={err('brake')}
        inputMode="decimal"
        size={5}
        value={draft.brake}
        onValue={(v) => onChange({ brake: v })}
      />
    </>
  );
}
