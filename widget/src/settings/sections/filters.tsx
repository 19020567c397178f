import { useState } from 'preact/hooks';
import type { Filter, ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, Loading, problemOf, Section, Status, useAction, useLoad } from '../ui.js';
import { ModulePicker } from './module-picker.js';

const OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'empty',
  'not_empty',
  'greater_than',
  'less_than',
] as const;
const NO_VALUE = new Set(['empty', 'not_empty']);
const LIST = new Set(['in', 'not_in']);

/** A row as typed: lists are comma-separated text until saved. */
interface RowDraft {
  side: 'zoho' | 'sage';
  field: string;
  operator: string;
  text: string;
}

const toDraft = (f: Filter): RowDraft => ({
  side: f.side,
  field: f.field,
  operator: f.operator,
  text: Array.isArray(f.value) ? f.value.join(', ') : f.value === null ? '' : String(f.value),
});

export const toFilter = (r: RowDraft): Filter => ({
  side: r.side,
  field: r.field.trim(),
  operator: r.operator,
  value: NO_VALUE.has(r.operator)
    ? null
    : LIST.has(r.operator)
      ? r.text
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : r.text,
});

export function Filters({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  const [module, setModule] = useState(modules[0]?.module ?? 'Accounts');
  return (
    <Section id="filters" title={t('settings.filters.title')} intro={t('settings.filters.intro')}>
      <ModulePicker id="filters-module" modules={modules} value={module} onChange={setModule} />
      <FilterEditor key={module} api={api} module={module} />
    </Section>
  );
}

function FilterEditor({ api, module }: { api: SettingsApi; module: string }) {
  const t = useT();
  const loaded = useLoad(() => Promise.all([api.filters(module), api.fields(module)]), [module]);
  const [rows, setRows] = useState<RowDraft[]>();
  const [match, setMatch] = useState<'all' | 'any'>();
  const save = useAction();
  const count = useAction();
  const [counts, setCounts] =
    useState<Array<{ side: string; total: number; passing: number; truncated: boolean }>>();
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  const [saved, fields] = loaded.data!;
  const list = rows ?? saved.filters.map(toDraft);
  const filterMatch = match ?? saved.filterMatch;
  const setRow = (i: number, patch: Partial<RowDraft>) => {
    setCounts(undefined);
    setRows(list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const issues = [
    ...(problemOf(save.error).issues ?? []),
    ...(problemOf(count.error).issues ?? []),
  ];
  const rowIssues = (i: number) =>
    issues.filter((x) => x.path.startsWith(`filters.${i}.`)).map((x) => x.message);
  const changed = rows !== undefined || match !== undefined;

  return (
    <form
      class="st-card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save
          .run(
            async () => {
              const r = await api.saveFilters(module, list.map(toFilter));
              if (filterMatch !== saved.filterMatch) await api.saveModule(module, { filterMatch });
              return r;
            },
            (r) => t('settings.filters.saved', { n: r.filters.length }),
          )
          .then((r) => {
            if (r) {
              setRows(undefined);
              setMatch(undefined);
              loaded.reload();
            }
          });
      }}
    >
      <datalist id={`filter-zoho-${module}`}>
        {fields.zoho.fields.map((f) => (
          <option key={f.apiName} value={f.apiName}>
            {f.label}
          </option>
        ))}
      </datalist>
      <datalist id={`filter-sage-${module}`}>
        {fields.sage.fields.map((f) => (
          <option key={f.name} value={f.name} />
        ))}
      </datalist>
      <fieldset>
        <legend>{t('settings.filters.match')}</legend>
        <label>
          <input
            type="radio"
            name={`match-${module}`}
            checked={filterMatch === 'all'}
            onChange={() => setMatch('all')}
          />{' '}
          {t('settings.filters.all')}
        </label>{' '}
        <label>
          <input
            type="radio"
            name={`match-${module}`}
            checked={filterMatch === 'any'}
            onChange={() => setMatch('any')}
          />{' '}
          {t('settings.filters.any')}
        </label>
      </fieldset>
      {list.length === 0 && <p class="st-hint">{t('settings.filters.none')}</p>}
      <ul class="st-filter-rows">
        {list.map((r, i) => {
          const label = t('settings.filters.row', { n: i + 1 });
          const problems = rowIssues(i);
          const errId = problems.length > 0 ? `filter-${module}-${i}-err` : undefined;
          return (
            <li key={i} class={problems.length ? 'st-row-invalid' : undefined} data-row={i}>
              <select
                aria-label={`${label}: ${t('settings.filters.side')}`}
                value={r.side}
                onChange={(e) => setRow(i, { side: e.currentTarget.value as 'zoho' | 'sage' })}
              >
                <option value="zoho">Zoho</option>
                <option value="sage">Sage</option>
              </select>
              <input
                aria-label={`${label}: ${t('settings.filters.field')}`}
                aria-describedby={errId}
                aria-invalid={problems.length ? true : undefined}
                list={`filter-${r.side}-${module}`}
                value={r.field}
                onInput={(e) => setRow(i, { field: e.currentTarget.value })}
              />
              <select
                aria-label={`${label}: ${t('settings.filters.operator')}`}
                value={r.operator}
                onChange={(e) => setRow(i, { operator: e.currentTarget.value })}
              >
                {OPERATORS.map((o) => (
                  <option key={o} value={o}>
                    {t(`settings.operator.${o}`)}
                  </option>
                ))}
              </select>
              {!NO_VALUE.has(r.operator) && (
                <input
                  aria-label={`${label}: ${LIST.has(r.operator) ? t('settings.filters.values') : t('settings.filters.value')}`}
                  aria-describedby={errId}
                  placeholder={LIST.has(r.operator) ? t('settings.filters.listHint') : ''}
                  value={r.text}
                  onInput={(e) => setRow(i, { text: e.currentTarget.value })}
                />
              )}
              <button
                type="button"
                class="link"
                aria-label={t('settings.filters.remove', { n: i + 1 })}
                onClick={() => setRows(list.filter((_, j) => j !== i))}
              >
                {t('settings.remove')}
              </button>
              {errId && (
                <p class="st-field-error" id={errId} role="alert">
                  {problems.join(' ')}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <div class="actions">
        <button
          type="button"
          class="btn"
          onClick={() =>
            setRows([...list, { side: 'zoho', field: '', operator: 'equals', text: '' }])
          }
        >
          {t('settings.filters.add')}
        </button>
        <button
          type="button"
          class="btn"
          disabled={count.busy}
          onClick={() =>
            void count
              .run(() => api.countFilters(module, list.map(toFilter), filterMatch))
              .then((r) => r && setCounts(r.sides))
          }
        >
          {count.busy ? t('settings.filters.counting') : t('settings.filters.count')}
        </button>
        <button type="submit" class="btn primary" disabled={save.busy || !changed}>
          {save.busy ? t('settings.saving') : t('settings.filters.save')}
        </button>
      </div>
      {(saved.presets ?? []).length > 0 && (
        <p class="st-inline">
          <span class="st-hint">{t('settings.filters.presets')}</span>
          {saved.presets!.map((p) => (
            <button
              key={p.id}
              type="button"
              class="btn"
              onClick={() => {
                // Adds the preset's rows the list lacks; saving applies them.
                const have = new Set(list.map((r) => JSON.stringify(toFilter(r))));
                const add = p.filters
                  .map(toDraft)
                  .filter((r) => !have.has(JSON.stringify(toFilter(r))));
                setCounts(undefined);
                setRows([...list, ...add]);
              }}
            >
              {p.label}
            </button>
          ))}
        </p>
      )}
      {counts && (
        <p class="notice info" role="status" data-testid="filter-count">
          {counts
            .map((c) =>
              t(c.truncated ? 'settings.filters.countTruncated' : 'settings.filters.countLine', {
                side: c.side === 'zoho' ? 'Zoho' : 'Sage',
                passing: c.passing,
                total: c.total,
              }),
            )
            .join(' ')}
        </p>
      )}
      {(save.error !== undefined || count.error !== undefined) && issues.length > 0 && (
        <p class="notice error" role="alert">
          {t('settings.filters.seeRows')}
        </p>
      )}
      {save.error !== undefined && issues.length === 0 && <ErrorNote error={save.error} />}
      {count.error !== undefined && issues.length === 0 && <ErrorNote error={count.error} />}
      <Status text={save.done} />
    </form>
  );
}
