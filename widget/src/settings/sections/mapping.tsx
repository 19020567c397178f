import { useState } from 'preact/hooks';
import type { FieldLists, Mapping as Row, ModuleView, RunReport, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import {
  ErrorNote,
  Field,
  Loading,
  problemOf,
  Section,
  show,
  Status,
  useAction,
  useLoad,
} from '../ui.js';
import { ModulePicker } from './module-picker.js';

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

/** Row problems from the server: `issues` paths (mappings.N.field) and compiler `problems` ("row N ..."). */
export function rowProblems(err: unknown): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const add = (row: number, text: string) => out.set(row, [...(out.get(row) ?? []), text]);
  const p = problemOf(err);
  for (const i of p.issues ?? []) {
    const m = /^mappings\.(\d+)/.exec(i.path);
    if (m) add(Number(m[1]), i.message);
  }
  for (const text of (p.problems as string[] | undefined) ?? []) {
    const m = /^row (\d+)/.exec(text);
    if (m) add(Number(m[1]) - 1, text.replace(/^row \d+( \([^)]*\))?: /, ''));
  }
  return out;
}

export function Mapping({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  const [module, setModule] = useState(modules[0]?.module ?? 'Accounts');
  return (
    <Section id="mapping" title={t('settings.mapping.title')} intro={t('settings.mapping.intro')}>
      <ModulePicker id="mapping-module" modules={modules} value={module} onChange={setModule} />
      <MappingEditor
        key={module}
        api={api}
        module={module}
        view={modules.find((m) => m.module === module)}
      />
    </Section>
  );
}

function MappingEditor({
  api,
  module,
  view,
}: {
  api: SettingsApi;
  module: string;
  view?: ModuleView;
}) {
  const t = useT();
  const loaded = useLoad(() => Promise.all([api.mappings(module), api.fields(module)]), [module]);
  const [rows, setRows] = useState<Row[]>();
  const save = useAction();
  const reset = useAction();
  // Runs after a refused save: the refusals by row index, attached to the rows sent.
  const attach = (err: unknown, sent: Row[]) =>
    setProblems(
      new Map([...rowProblems(err)].flatMap(([i, p]) => (sent[i] ? [[sent[i]!, p] as const] : []))),
    );
  const [confirmReset, setConfirmReset] = useState(false);
  // The server's refusals, kept with the row object they concern: editing a row clears its own,
  // removing one leaves the others' in place.
  const [problems, setProblems] = useState<Map<Row, string[]>>(new Map());
  const [notice, setNotice] = useState<string>();
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  const [saved, fields] = loaded.data!;
  const list = rows ?? saved.mappings;
  const zohoNames =
    fields.zoho.from === 'zoho' ? new Set(fields.zoho.fields.map((f) => f.apiName)) : undefined;
  const setRow = (i: number, patch: Partial<Row>) =>
    setRows(list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const allowed = view?.allowedDirections ?? ['both'];
  const directions = (['both', 'sage_to_zoho', 'zoho_to_sage'] as const).filter(
    (d) => allowed.includes('both') || allowed.includes(d),
  );

  return (
    <div class="st-card">
      <p class="st-hint" role="status">
        {saved.isDefault && !rows
          ? t('settings.mapping.usingDefaults')
          : t('settings.mapping.usingSaved')}{' '}
        {fields.zoho.from === 'catalog'
          ? (fields.zoho.reason ?? '')
          : t('settings.mapping.fieldsFromZoho', { n: fields.zoho.fields.length })}
      </p>
      <datalist id={`zoho-fields-${module}`}>
        {fields.zoho.fields.map((f) => (
          <option key={f.apiName} value={f.apiName}>
            {`${f.label}${f.custom ? ` (${t('settings.mapping.custom')})` : ''}`}
          </option>
        ))}
      </datalist>
      <datalist id={`sage-fields-${module}`}>
        {fields.sage.fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.length ? `${f.name} (${f.length})` : f.name}
          </option>
        ))}
      </datalist>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save
            .run(
              () =>
                api.saveMappings(module, list).catch((err: unknown) => {
                  attach(err, list);
                  throw err;
                }),
              (r) => t('settings.mapping.saved', { n: r.mappings.length }),
            )
            .then((r) => {
              if (r) {
                setNotice(t('settings.mapping.saved', { n: r.mappings.length }));
                setProblems(new Map());
                setRows(undefined);
                loaded.reload();
              }
            });
        }}
      >
        <div class="st-scroll">
          <table class="grid st-table st-mapping">
            <caption class="st-sr">{t('settings.mapping.caption', { module })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.mapping.zohoField')}</th>
                <th scope="col">{t('settings.mapping.sageField')}</th>
                <th scope="col">{t('settings.mapping.direction')}</th>
                <th scope="col">{t('settings.mapping.transform')}</th>
                <th scope="col">{t('settings.mapping.options')}</th>
                <th scope="col">
                  <span class="st-sr">{t('settings.mapping.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((r, i) => (
                <MappingRow
                  key={i}
                  index={i}
                  row={r}
                  module={module}
                  directions={directions}
                  problems={problems.get(r)}
                  missing={
                    zohoNames ? r.zohoField.split(',').filter((f) => f && !zohoNames.has(f)) : []
                  }
                  onChange={(patch) => setRow(i, patch)}
                  onRemove={() => setRows(list.filter((_, j) => j !== i))}
                />
              ))}
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button
            type="button"
            class="btn"
            onClick={() =>
              setRows([
                ...list,
                {
                  zohoField: '',
                  sageField: '',
                  direction: directions[0] ?? 'both',
                  emptyOverwrites: false,
                },
              ])
            }
          >
            {t('settings.mapping.add')}
          </button>
          <button type="submit" class="btn primary" disabled={save.busy || !rows}>
            {save.busy ? t('settings.saving') : t('settings.mapping.save')}
          </button>
          {rows && (
            <button type="button" class="btn" onClick={() => setRows(undefined)}>
              {t('settings.discard')}
            </button>
          )}
          {!saved.isDefault && !confirmReset && (
            <button type="button" class="btn" onClick={() => setConfirmReset(true)}>
              {t('settings.mapping.reset')}
            </button>
          )}
        </div>
        {confirmReset && (
          <div class="st-confirm" role="group" aria-labelledby={`reset-q-${module}`}>
            <p id={`reset-q-${module}`}>{t('settings.mapping.resetConfirm')}</p>
            <button
              type="button"
              class="btn danger"
              onClick={() =>
                void reset
                  .run(
                    () => api.resetMappings(module),
                    () => t('settings.mapping.resetDone'),
                  )
                  .then((r) => {
                    setConfirmReset(false);
                    if (!r) return;
                    setNotice(t('settings.mapping.resetDone'));
                    setProblems(new Map());
                    setRows(undefined);
                    loaded.reload();
                  })
              }
            >
              {t('settings.mapping.resetYes')}
            </button>
            <button type="button" class="btn" onClick={() => setConfirmReset(false)}>
              {t('settings.cancel')}
            </button>
          </div>
        )}
        {save.error !== undefined && (
          <div class="notice error" role="alert">
            <strong>{t('settings.notSaved')}</strong>{' '}
            {rowProblems(save.error).size > 0
              ? t('settings.mapping.seeRows')
              : problemOf(save.error).detail}
          </div>
        )}
        <Status text={notice} />
        <ErrorNote error={reset.error} />
      </form>
      <Preview api={api} module={module} fields={fields} view={view} />
    </div>
  );
}

function MappingRow({
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
  const kind = row.transform?.kind ?? '';
  const setTransform = (k: string) => {
    if (!k) return onChange({ transform: undefined });
    const defaults: Record<string, Record<string, unknown>> = {
      code: { table: {}, otherwise: 'reject' },
      number: { scale: 2 },
      yesno: { invert: false },
      flag: { on: 'I', off: 'A' },
      constant: { value: '' },
      lookup: { module: 'Accounts', optional: false },
      deal: { via: 'opportunity' },
    };
    onChange({ transform: { kind: k, ...(defaults[k] ?? {}) } });
  };
  const param = (name: string, value: unknown) =>
    onChange({ transform: { ...row.transform!, [name]: value } });
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
              value={String(row.transform?.scale ?? 2)}
              onInput={(e) => param('scale', Number(e.currentTarget.value))}
            />
          )}
          {kind === 'yesno' && (
            <label class="st-small">
              <input
                type="checkbox"
                checked={Boolean(row.transform?.invert)}
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
                value={String(row.transform?.on ?? '')}
                onInput={(e) => param('on', e.currentTarget.value)}
              />
              <input
                aria-label={`${rowNo}: ${t('settings.transform.flagOff')}`}
                size={3}
                value={String(row.transform?.off ?? '')}
                onInput={(e) => param('off', e.currentTarget.value)}
              />
            </>
          )}
          {kind === 'constant' && (
            <input
              aria-label={`${rowNo}: ${t('settings.transform.value')}`}
              value={String(row.transform?.value ?? '')}
              onInput={(e) => param('value', e.currentTarget.value)}
            />
          )}
          {kind === 'lookup' && (
            <>
              <select
                aria-label={`${rowNo}: ${t('settings.transform.module')}`}
                value={String(row.transform?.module ?? 'Accounts')}
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
                  checked={Boolean(row.transform?.optional)}
                  onChange={(e) => param('optional', e.currentTarget.checked)}
                />{' '}
                {t('settings.transform.optional')}
              </label>
            </>
          )}
          {kind === 'deal' && (
            <select
              aria-label={`${rowNo}: ${t('settings.transform.dealVia')}`}
              value={String(row.transform?.via ?? 'opportunity')}
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
                value={Object.entries((row.transform?.table as Record<string, string>) ?? {})
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
                value={String(row.transform?.otherwise ?? 'reject')}
                onChange={(e) => param('otherwise', e.currentTarget.value)}
              >
                <option value="reject">{t('settings.transform.reject')}</option>
                <option value="pass">{t('settings.transform.pass')}</option>
                <option value="leave">{t('settings.transform.leave')}</option>
              </select>
            </>
          )}
        </td>
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

function Preview({
  api,
  module,
  view,
}: {
  api: SettingsApi;
  module: string;
  fields: FieldLists;
  view?: ModuleView;
}) {
  const t = useT();
  const fromZoho = (view?.allowedDirections ?? []).some(
    (d) => d === 'both' || d === 'zoho_to_sage',
  );
  const [side, setSide] = useState<'zoho' | 'sage'>(fromZoho ? 'zoho' : 'sage');
  const [id, setId] = useState('');
  const [report, setReport] = useState<RunReport>();
  const run = useAction();
  return (
    <form
      class="st-preview"
      aria-labelledby={`preview-${module}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!id.trim()) return;
        void run
          .run(() =>
            api.preview(module, side === 'zoho' ? { zohoId: id.trim() } : { sageKey: id.trim() }),
          )
          .then((r) => r && setReport(r.report));
      }}
    >
      <h3 id={`preview-${module}`}>{t('settings.mapping.previewTitle')}</h3>
      <p class="st-hint">{t('settings.mapping.previewIntro')}</p>
      <div class="st-inline">
        <Field id={`preview-side-${module}`} label={t('settings.mapping.previewSide')}>
          {(p) => (
            <select
              {...p}
              value={side}
              onChange={(e) => setSide(e.currentTarget.value as 'zoho' | 'sage')}
            >
              {fromZoho && <option value="zoho">{t('settings.mapping.zohoRecordId')}</option>}
              <option value="sage">{t('settings.mapping.sageKey')}</option>
            </select>
          )}
        </Field>
        <Field id={`preview-id-${module}`} label={t('settings.mapping.previewRecord')}>
          {(p) => <input {...p} value={id} onInput={(e) => setId(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="btn" disabled={run.busy || !id.trim()}>
          {run.busy ? t('settings.working') : t('settings.mapping.preview')}
        </button>
      </div>
      <ErrorNote error={run.error} />
      {report && <RecordDiffs report={report} />}
    </form>
  );
}

/** Per-record, per-field diffs of a dry run (also used by Sync now). */
export function RecordDiffs({ report }: { report: RunReport }) {
  const t = useT();
  if (report.records.length === 0)
    return <p class="st-hint">{t('settings.syncNow.nothing', { module: report.module })}</p>;
  return (
    <div
      class="st-diffs"
      role="region"
      aria-label={t('settings.syncNow.diffsOf', { module: report.module })}
    >
      {report.records.map((r, i) => (
        <div class={`st-diff st-${r.action}`} key={i} data-record={r.zohoId ?? r.sageKey}>
          <p>
            <strong>{t(`settings.action.${r.action}`)}</strong> ·{' '}
            {t(`settings.direction.${r.direction}`)} · {r.zohoId ? `Zoho ${r.zohoId}` : ''}{' '}
            {r.sageKey ? `Sage ${r.sageKey}` : ''}
            {r.reason && <span class="st-reason"> — {r.reason}</span>}
          </p>
          {r.changes.length > 0 && (
            <table class="grid st-table st-compact">
              <caption class="st-sr">{t('settings.syncNow.changes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('settings.syncNow.field')}</th>
                  <th scope="col">{t('settings.syncNow.before')}</th>
                  <th scope="col">{t('settings.syncNow.after')}</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{c.field}</th>
                    <td>{show(c.before)}</td>
                    <td>{show(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </div>
  );
}
