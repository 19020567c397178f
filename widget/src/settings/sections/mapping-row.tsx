import type { Mapping as Row } from '../api.js';
import { useT } from '../i18n.js';
import { TransformCell } from './transform-cell.js';

/** One mapping rule as a table row, with the server's refusals or the fields Zoho lacks beneath it. */
export function MappingRow({
  index,
  row,
  module,
  directions,
  problems,
  missing,
  onChange,
  onRemove,
}: {
  index: number;
  row: Row;
  module: string;
  directions: readonly string[];
  problems?: string[];
  /** Zoho fields of the row the org's field list does not have. */
  missing: string[];
  onChange(patch: Partial<Row>): void;
  onRemove(): void;
}) {
  const t = useT();
  const id = `map-${module}-${index}`;
  const errId = problems ? `${id}-problems` : undefined;
  const rowNo = t('settings.mapping.row', { n: index + 1 });
  return (
    <>
      <tr class={problems ? 'st-row-invalid' : undefined} data-row={index}>
        <td>
          <input
            aria-label={`${rowNo}: ${t('settings.mapping.zohoField')}`}
            aria-describedby={errId}
            aria-invalid={problems ? true : undefined}
            list={`zoho-fields-${module}`}
            value={row.zohoField}
            onInput={(e) => onChange({ zohoField: e.currentTarget.value.trim() })}
          />
        </td>
        <td>
          <input
            aria-label={`${rowNo}: ${t('settings.mapping.sageField')}`}
            aria-describedby={errId}
            aria-invalid={problems ? true : undefined}
            list={`sage-fields-${module}`}
            value={row.sageField}
            onInput={(e) => onChange({ sageField: e.currentTarget.value.trim() })}
          />
        </td>
        <td>
          <select
            aria-label={`${rowNo}: ${t('settings.mapping.direction')}`}
            value={row.direction}
            onChange={(e) => onChange({ direction: e.currentTarget.value as Row['direction'] })}
          >
            {directions.map((d) => (
              <option key={d} value={d}>
                {t(`settings.direction.${d}`)}
              </option>
            ))}
          </select>
        </td>
        <TransformCell
          rowNo={rowNo}
          transform={row.transform}
          onChange={(transform) => onChange({ transform })}
        />
        <td>
          <label class="st-small">
            <input
              type="checkbox"
              checked={!row.emptyOverwrites}
              onChange={(e) => onChange({ emptyOverwrites: !e.currentTarget.checked })}
            />{' '}
            {t('settings.mapping.emptyNever')}
          </label>
          <select
            aria-label={`${rowNo}: ${t('settings.mapping.owner')}`}
            value={row.owner ?? ''}
            onChange={(e) =>
              onChange({ owner: (e.currentTarget.value || undefined) as Row['owner'] })
            }
          >
            <option value="">{t('settings.mapping.ownerPolicy')}</option>
            <option value="zoho">{t('settings.mapping.ownerZoho')}</option>
            <option value="sage">{t('settings.mapping.ownerSage')}</option>
          </select>
        </td>
        <td>
          <button
            type="button"
            class="link"
            onClick={onRemove}
            aria-label={t('settings.mapping.removeRow', { n: index + 1 })}
          >
            {t('settings.remove')}
          </button>
        </td>
      </tr>
      {problems && (
        <tr class="st-row-problem">
          <td colSpan={6} id={errId} role="alert">
            {problems.join(' ')}
          </td>
        </tr>
      )}
      {!problems && missing.length > 0 && (
        <tr class="st-row-warning">
          <td colSpan={6} id={`${id}-missing`}>
            {t('settings.mapping.missingInZoho', { fields: missing.join(', ') })}
          </td>
        </tr>
      )}
    </>
  );
}
