import { useState } from 'preact/hooks';
import type { FieldLists, ModuleView, RunReport, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, Field, TextField, useAction } from '../ui.js';
import { RecordDiffs } from './record-diffs.js';

/** A dry run of the module's mapping on one record, by Zoho id or Sage key. */
export function MappingPreview({
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
        <TextField
          id={`preview-id-${module}`}
          label={t('settings.mapping.previewRecord')}
          value={id}
          onValue={setId}
        />
        <button type="submit" class="btn" disabled={run.busy || !id.trim()}>
          {run.busy ? t('settings.working') : t('settings.mapping.preview')}
        </button>
      </div>
      <ErrorNote error={run.error} />
      {report && <RecordDiffs report={report} />}
    </form>
  );
}
