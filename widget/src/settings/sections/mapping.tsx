import { useState } from 'preact/hooks';
import type { Mapping as Row, ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, Loading, problemOf, Section, Status, useAction, useLoad } from '../ui.js';
import { MappingPreview } from './mapping-preview.js';
import { MappingRow } from './mapping-row.js';
import { ModulePicker } from './module-picker.js';

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
      <MappingPreview api={api} module={module} fields={fields} view={view} />
    </div>
  );
}
