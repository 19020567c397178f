import type { Mapping as Row } from '../api.js';
import { useT } from '../i18n.js';

const TRANSFORMS = [
  '',
  'name',
  'lines',
  'code',
  'phone',
  'date',
  'number',
  'yesno',
  'flag',
  'constant',
  'lookup',
  'deal',
  'main_account',
] as const;
const MODULE_NAMES = [
  'Accounts',
  'Contacts',
  'Products',
  'Vendors',
  'Sales_Orders',
  'Invoices',
  'GL_Accounts',
];

/** A mapping row's transform cell: the transform picker and the inputs for the chosen one's parameters. */
export function TransformCell({
  rowNo,
  transform,
  onChange,
}: {
  /** "Row N", the start of each control's accessible name. */
  rowNo: string;
  transform: Row['transform'];
  onChange(transform: Row['transform']): void;
}) {
  const t = useT();
  const kind = transform?.kind ?? '';
  const setTransform = (k: string) => {
    if (!k) return onChange(undefined);
    const defaults: Record<string, Record<string, unknown>> = {
      code: { table: {}, otherwise: 'reject' },
      number: { scale: 2 },
      yesno: { invert: false },
      flag: { on: 'I', off: 'A' },
      constant: { value: '' },
      lookup: { module: 'Accounts', optional: false },
      deal: { via: 'opportunity' },
    };
    onChange({ kind: k, ...(defaults[k] ?? {}) });
  };
  const param = (name: string, value: unknown) => onChange({ ...transform!, [name]: value });
  return (
    <td>
      <select
        aria-label={`${rowNo}: ${t('settings.mapping.transform')}`}
        value={kind}
        onChange={(e) => setTransform(e.currentTarget.value)}
      >
        {TRANSFORMS.map((k) => (
          <option key={k} value={k}>
            {t(`settings.transform.${k || 'none'}`)}
          </option>
        ))}
      </select>
      {kind === 'number' && (
        <input
          aria-label={`${rowNo}: ${t('settings.transform.scale')}`}
          inputMode="numeric"
          size={2}
          value={String(transform?.scale ?? 2)}
          onInput={(e) => param('scale', Number(e.currentTarget.value))}
        />
      )}
      {kind === 'yesno' && (
        <label class="st-small">
          <input
            type="checkbox"
            checked={Boolean(transform?.invert)}
            onChange={(e) => param('invert', e.currentTarget.checked)}
          />{' '}
          {t('settings.transform.invert')}
        </label>
      )}
      {kind === 'flag' && (
        <>
          <input
            aria-label={`${rowNo}: ${t('settings.transform.flagOn')}`}
            size={3}
            value={String(transform?.on ?? '')}
            onInput={(e) => param('on', e.currentTarget.value)}
          />
          <input
            aria-label={`${rowNo}: ${t('settings.transform.flagOff')}`}
            size={3}
            value={String(transform?.off ?? '')}
            onInput={(e) => param('off', e.currentTarget.value)}
          />
        </>
      )}
      {kind === 'constant' && (
        <input
          aria-label={`${rowNo}: ${t('settings.transform.value')}`}
          value={String(transform?.value ?? '')}
          onInput={(e) => param('value', e.currentTarget.value)}
        />
      )}
      {kind === 'lookup' && (
        <>
          <select
            aria-label={`${rowNo}: ${t('settings.transform.module')}`}
            value={String(transform?.module ?? 'Accounts')}
            onChange={(e) => param('module', e.currentTarget.value)}
          >
            {MODULE_NAMES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <label class="st-small">
            <input
              type="checkbox"
              checked={Boolean(transform?.optional)}
              onChange={(e) => param('optional', e.currentTarget.checked)}
            />{' '}
            {t('settings.transform.optional')}
          </label>
        </>
      )}
      {kind === 'deal' && (
        <select
          aria-label={`${rowNo}: ${t('settings.transform.dealVia')}`}
          value={String(transform?.via ?? 'opportunity')}
          onChange={(e) => param('via', e.currentTarget.value)}
        >
          <option value="opportunity">{t('settings.transform.dealViaOpportunity')}</option>
          <option value="order">{t('settings.transform.dealViaOrder')}</option>
        </select>
      )}
      {kind === 'code' && (
        <>
          <input
            aria-label={`${rowNo}: ${t('settings.transform.table')}`}
            placeholder="A=Active, I=Inactive"
            value={Object.entries((transform?.table as Record<string, string>) ?? {})
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}
            onChange={(e) =>
              param(
                'table',
                Object.fromEntries(
                  e.currentTarget.value
                    .split(',')
                    .map((pair) => pair.split('=').map((x) => x.trim()))
                    .filter((p) => p.length === 2 && p[0])
                    .map((p) => [p[0]!, p[1]!]),
                ),
              )
            }
          />
          <select
            aria-label={`${rowNo}: ${t('settings.transform.otherwise')}`}
            value={String(transform?.otherwise ?? 'reject')}
            onChange={(e) => param('otherwise', e.currentTarget.value)}
          >
            <option value="reject">{t('settings.transform.reject')}</option>
            <option value="pass">{t('settings.transform.pass')}</option>
            <option value="leave">{t('settings.transform.leave')}</option>
          </select>
        </>
      )}
    </td>
  );
}
