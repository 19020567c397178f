import { useState } from 'preact/hooks';
import type { Check, SageConnection, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import {
  ErrorNote,
  Field,
  fmtTime,
  Loading,
  problemOf,
  Section,
  Status,
  useAction,
  useLoad,
} from '../ui.js';
import { ZohoCredits } from './zoho-credits.js';

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

export function Connections({ api, reconnect }: { api: SettingsApi; reconnect(): void }) {
  const t = useT();
  return (
    <Section
      id="connections"
      title={t('settings.connections.title')}
      intro={t('settings.connections.intro')}
    >
      <ZohoCard api={api} reconnect={reconnect} />
      <SageForm api={api} />
    </Section>
  );
}

function ZohoCard({ api, reconnect }: { api: SettingsApi; reconnect(): void }) {
  const t = useT();
  const zoho = useLoad(() => api.zoho(), []);
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  if (zoho.loading && !zoho.data) return <Loading />;
  if (zoho.error) return <ErrorNote error={zoho.error} />;
  const z = zoho.data!;
  return (
    <div class="st-card" role="group" aria-labelledby="zoho-title">
      <h3 id="zoho-title">{t('settings.connections.zoho')}</h3>
      {z.connected ? (
        <dl class="facts">
          <dt>{t('settings.connections.org')}</dt>
          <dd>
            {z.orgName} ({z.orgId})
          </dd>
          <dt>{t('settings.connections.dataCentre')}</dt>
          <dd>{z.dataCentre}</dd>
          <dt>{t('settings.connections.edition')}</dt>
          <dd>{z.edition ?? t('settings.connections.editionUnknown')}</dd>
          <dt>{t('settings.connections.connectedBy')}</dt>
          <dd>
            {z.connectedBy ? (z.connectedBy.name ?? z.connectedBy.id) : '—'}
            {z.connectedBy?.email ? ` (${z.connectedBy.email})` : ''}, {fmtTime(z.connectedAt)}
          </dd>
        </dl>
      ) : (
        <p class="notice warning">{t('settings.connections.zohoNotConnected')}</p>
      )}
      {z.connected && <ZohoCredits api={api} />}
      <div class="actions">
        <button type="button" class="btn" onClick={reconnect}>
          {z.connected ? t('settings.connections.reconnect') : t('settings.connections.connect')}
        </button>
        {z.connected && !confirming && (
          <button type="button" class="btn danger" onClick={() => setConfirming(true)}>
            {t('settings.connections.disconnect')}
          </button>
        )}
      </div>
      {confirming && (
        <div class="st-confirm" role="group" aria-labelledby="disconnect-q">
          <p id="disconnect-q">{t('settings.connections.disconnectConfirm')}</p>
          <button
            type="button"
            class="btn danger"
            disabled={action.busy}
            onClick={() =>
              void action
                .run(
                  () => api.disconnectZoho(),
                  () => t('settings.connections.disconnected'),
                )
                .then(() => {
                  setConfirming(false);
                  zoho.reload();
                })
            }
          >
            {t('settings.connections.disconnectYes')}
          </button>
          <button type="button" class="btn" onClick={() => setConfirming(false)}>
            {t('settings.cancel')}
          </button>
        </div>
      )}
      <ErrorNote error={action.error} />
      <Status text={action.done} />
    </div>
  );
}

interface SageDraft {
  endpointUrl: string;
  companyCode: string;
  username: string;
  password: string;
  timeZone: string;
  lengthProfile: '2018' | '2023';
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
  agentUrl: c.agentUrl ?? '',
  agentToken: '',
});

function SageForm({ api }: { api: SettingsApi }) {
  const t = useT();
  const sage = useLoad(() => api.sage(), []);
  const [draft, setDraft] = useState<SageDraft>();
  const save = useAction();
  const test = useAction();
  const [checks, setChecks] = useState<{ ok: boolean; checks: Check[] }>();
  if (sage.loading && !sage.data) return <Loading />;
  if (sage.error) return <ErrorNote error={sage.error} />;
  const stored = sage.data!;
  const d = draft ?? draftOf(stored);
  const set = (patch: Partial<SageDraft>) => setDraft({ ...d, ...patch });
  const issues = problemOf(save.error).issues ?? [];
  const errorFor = (path: string) => issues.find((i) => i.path === path)?.message;

  const submit = (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      endpointUrl: d.endpointUrl.trim(),
      companyCode: d.companyCode.trim(),
      username: d.username.trim(),
      timeZone: d.timeZone.trim(),
      lengthProfile: d.lengthProfile,
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
        <Field
          id="sage-url"
          label={t('settings.connections.endpointUrl')}
          hint={t('settings.connections.endpointHint')}
          error={errorFor('endpointUrl')}
        >
          {(p) => (
            <input
              {...p}
              type="url"
              value={d.endpointUrl}
              onInput={(e) => set({ endpointUrl: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          id="sage-company"
          label={t('settings.connections.companyCode')}
          error={errorFor('companyCode')}
        >
          {(p) => (
            <input
              {...p}
              maxLength={3}
              size={4}
              value={d.companyCode}
              onInput={(e) => set({ companyCode: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          id="sage-user"
          label={t('settings.connections.username')}
          error={errorFor('username')}
        >
          {(p) => (
            <input
              {...p}
              autoComplete="off"
              value={d.username}
              onInput={(e) => set({ username: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          id="sage-password"
          label={t('settings.connections.password')}
          hint={
            stored.passwordSet
              ? t('settings.connections.secretKept')
              : t('settings.connections.passwordNeeded')
          }
          error={errorFor('password')}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={d.password}
              onInput={(e) => set({ password: e.currentTarget.value })}
            />
          )}
        </Field>
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
        <Field
          id="sage-agent-url"
          label={t('settings.connections.agentUrl')}
          hint={t('settings.connections.agentHint')}
          error={errorFor('agentUrl')}
        >
          {(p) => (
            <input
              {...p}
              type="url"
              value={d.agentUrl}
              onInput={(e) => set({ agentUrl: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          id="sage-agent-token"
          label={t('settings.connections.agentToken')}
          hint={stored.agentTokenSet ? t('settings.connections.secretKept') : undefined}
          error={errorFor('agentToken')}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={d.agentToken}
              onInput={(e) => set({ agentToken: e.currentTarget.value })}
            />
          )}
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="btn primary" disabled={save.busy}>
          {save.busy ? t('settings.saving') : t('settings.save')}
        </button>
        <button
          type="button"
          class="btn"
          disabled={test.busy || !stored.configured}
          onClick={() => void test.run(() => api.checks()).then((r) => r && setChecks(r))}
        >
          {test.busy ? t('settings.connections.testing') : t('settings.connections.test')}
        </button>
      </div>
      {!stored.configured && <p class="st-hint">{t('settings.connections.saveFirst')}</p>}
      <ErrorNote error={save.error} />
      <Status text={save.done} />
      <ErrorNote error={test.error} />
      {checks && <CheckList result={checks} />}
    </form>
  );
}

function CheckList({ result }: { result: { ok: boolean; checks: Check[] } }) {
  const t = useT();
  const warnings = result.checks.filter((c) => c.status === 'warning').length;
  return (
    <div class="st-checks" role="group" aria-labelledby="checks-title">
      <h4 id="checks-title">{t('settings.connections.checksTitle')}</h4>
      <p role="status" class={`notice ${result.ok ? 'success' : 'error'}`}>
        {!result.ok
          ? t('settings.connections.checksFailed')
          : warnings > 0
            ? t('settings.connections.checksOkWarn', { n: warnings })
            : t('settings.connections.checksOk')}
      </p>
      <ul>
        {result.checks.map((c) => (
          <li key={c.id} class={`st-check st-${c.status}`} data-check={c.id}>
            <span class="st-badge">{t(`settings.check.status.${c.status}`)}</span>{' '}
            <strong>{t(`settings.check.${c.id}`)}</strong>: {c.message}
            {c.fix && (
              <p class="st-fix">
                {t('settings.connections.whatToDo')} {c.fix}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
