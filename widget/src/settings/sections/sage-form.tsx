import { useState } from 'preact/hooks';
import type { Check, SageConnection, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import {
  ErrorNote,
  Field,
  TextField,
  fmtTime,
  Loading,
  problemOf,
  Status,
  useAction,
  useLoad,
} from '../ui.js';
import { CheckList } from './check-list.js';

/**
 * The Sage 100 connection form: eBWS endpoint, company, logon, time zone, field lengths, the AR
 * division for customers created from Zoho, and the agent, saved (a password or token left blank keeps the stored one) and tested.
 */

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Toronto',
  'America/Vancouver',
  'Europe/London',
  'Australia/Sydney',
  'UTC',
];

interface SageDraft {
  endpointUrl: string;
  companyCode: string;
  username: string;
  password: string;
  timeZone: string;
  lengthProfile: '2018' | '2023';
  defaultDivision: string;
  agentUrl: string;
  agentToken: string;
}

const draftOf = (c: SageConnection): SageDraft => ({
  endpointUrl: c.endpointUrl ?? '',
  companyCode: c.companyCode ?? '',
  username: c.username ?? '',
  password: '',
  timeZone: c.timeZone ?? 'America/Chicago',
  lengthProfile: c.lengthProfile ?? '2023',
  defaultDivision: c.defaultDivision ?? '01',
  agentUrl: c.agentUrl ?? '',
  agentToken: '',
});

export function SageForm({ api }: { api: SettingsApi }) {
  const t = useT();
  const sage = useLoad(() => api.sage(), []);
  const [draft, setDraft] = useState<SageDraft>();
  const save = useAction();
  const test = useAction();
  const [checks, setChecks] = useState<{ ok: boolean; checks: Check[] }>();
  // Fields edited since the last save: a refusal stays on a field only until it is changed.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  if (sage.loading && !sage.data) return <Loading />;
  if (sage.error) return <ErrorNote error={sage.error} />;
  const stored = sage.data!;
  const d = draft ?? draftOf(stored);
  const set = (patch: Partial<SageDraft>) => {
    setDraft({ ...d, ...patch });
    setEdited(new Set([...edited, ...Object.keys(patch)]));
  };
  // The test checks the saved connection: with unsaved edits it would pass off the stored
  // values as the typed ones, so it waits for a save.
  const unsaved = draft !== undefined && JSON.stringify(draft) !== JSON.stringify(draftOf(stored));
  const issues = problemOf(save.error).issues ?? [];
  const errorFor = (path: string) =>
    edited.has(path) ? undefined : issues.find((i) => i.path === path)?.message;
  // A refusal whose every issue is on a field of the form is said there; the summary points at
  // the fields still marked (none once each has been edited).
  const onFields = issues.length > 0 && issues.every((i) => i.path in d);
  const marked = issues.some((i) => !edited.has(i.path));

  const submit = (e: Event) => {
    e.preventDefault();
    setEdited(new Set());
    const body: Record<string, unknown> = {
      endpointUrl: d.endpointUrl.trim(),
      companyCode: d.companyCode.trim(),
      username: d.username.trim(),
      timeZone: d.timeZone.trim(),
      lengthProfile: d.lengthProfile,
      defaultDivision: d.defaultDivision.trim(),
    };
    if (d.password) body.password = d.password;
    if (d.agentUrl.trim()) body.agentUrl = d.agentUrl.trim();
    if (d.agentToken) body.agentToken = d.agentToken;
    void save
      .run(
        () => api.saveSage(body),
        () => t('settings.connections.sageSaved'),
      )
      .then((r) => {
        if (r) {
          setDraft(undefined);
          setChecks(undefined);
          sage.reload();
        }
      });
  };

  return (
    <form class="st-card" aria-labelledby="sage-title" onSubmit={submit} noValidate>
      <h3 id="sage-title">{t('settings.connections.sage')}</h3>
      {stored.configured && (
        <p class="st-hint">
          {t('settings.connections.sageUpdated', { at: fmtTime(stored.updatedAt) })}
        </p>
      )}
      <div class="st-grid">
        <TextField
          id="sage-url"
          label={t('settings.connections.endpointUrl')}
          hint={t('settings.connections.endpointHint')}
          error={errorFor('endpointUrl')}
          type="url"
          value={d.endpointUrl}
          onValue={(v) => set({ endpointUrl: v })}
        />
        <TextField
          id="sage-company"
          label={t('settings.connections.companyCode')}
          error={errorFor('companyCode')}
          maxLength={3}
          size={4}
          value={d.companyCode}
          onValue={(v) => set({ companyCode: v })}
        />
        <TextField
          id="sage-user"
          label={t('settings.connections.username')}
          error={errorFor('username')}
          autoComplete="off"
          value={d.username}
          onValue={(v) => set({ username: v })}
        />
        <TextField
          id="sage-password"
          label={t('settings.connections.password')}
          hint={
            stored.passwordSet
              ? t('settings.connections.secretKept')
              : t('settings.connections.passwordNeeded')
          }
          error={errorFor('password')}
          type="password"
          autoComplete="new-password"
          value={d.password}
          onValue={(v) => set({ password: v })}
        />
        <Field
          id="sage-zone"
          label={t('settings.connections.timeZone')}
          hint={t('settings.connections.timeZoneHint')}
          error={errorFor('timeZone')}
        >
          {(p) => (
            <>
              <input
                {...p}
                list="sage-zones"
                value={d.timeZone}
                onInput={(e) => set({ timeZone: e.currentTarget.value })}
              />
              <datalist id="sage-zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field
          id="sage-lengths"
          label={t('settings.connections.lengthProfile')}
          hint={t('settings.connections.lengthHint')}
        >
          {(p) => (
            <select
              {...p}
              value={d.lengthProfile}
              onChange={(e) => set({ lengthProfile: e.currentTarget.value as '2018' | '2023' })}
            >
              <option value="2023">{t('settings.connections.profile2023')}</option>
              <option value="2018">{t('settings.connections.profile2018')}</option>
            </select>
          )}
        </Field>
        <TextField
          id="sage-division"
          label={t('settings.connections.defaultDivision')}
          hint={t('settings.connections.defaultDivisionHint')}
          error={errorFor('defaultDivision')}
          inputMode="numeric"
          maxLength={2}
          size={3}
          value={d.defaultDivision}
          onValue={(v) => set({ defaultDivision: v })}
        />
        <TextField
          id="sage-agent-url"
          label={t('settings.connections.agentUrl')}
          hint={t('settings.connections.agentHint')}
          error={errorFor('agentUrl')}
          type="url"
          value={d.agentUrl}
          onValue={(v) => set({ agentUrl: v })}
        />
        <TextField
          id="sage-agent-token"
          label={t('settings.connections.agentToken')}
          hint={stored.agentTokenSet ? t('settings.connections.secretKept') : undefined}
          error={errorFor('agentToken')}
          type="password"
          autoComplete="new-password"
          value={d.agentToken}
          onValue={(v) => set({ agentToken: v })}
        />
      </div>
      <div class="actions">
        <button type="submit" class="btn primary" disabled={save.busy}>
          {save.busy ? t('settings.saving') : t('settings.save')}
        </button>
        <button
          type="button"
          class="btn"
          disabled={test.busy || !stored.configured || unsaved}
          onClick={() => void test.run(() => api.checks()).then((r) => r && setChecks(r))}
        >
          {test.busy ? t('settings.connections.testing') : t('settings.connections.test')}
        </button>
        {unsaved && (
          <button
            type="button"
            class="btn"
            onClick={() => {
              setDraft(undefined);
              setEdited(new Set());
            }}
          >
            {t('settings.discard')}
          </button>
        )}
      </div>
      {!stored.configured && <p class="st-hint">{t('settings.connections.saveFirst')}</p>}
      {stored.configured && unsaved && (
        <p class="st-hint">{t('settings.connections.saveBeforeTest')}</p>
      )}
      {onFields ? (
        marked && (
          <p class="notice error" role="alert">
            {t('settings.notSaved')} {t('settings.seeFields')}
          </p>
        )
      ) : (
        <ErrorNote error={save.error} />
      )}
      <Status text={save.done} />
      <ErrorNote error={test.error} />
      {checks && <CheckList result={checks} />}
    </form>
  );
}
