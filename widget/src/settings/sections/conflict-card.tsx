import { useState } from 'preact/hooks';
import type { Conflict, SettingsApi, Side } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, fmtTime, show, useAction } from '../ui.js';

/** One open conflict: the two sides' values per field, a choice for each, and Resolve. */
export function ConflictCard({
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
