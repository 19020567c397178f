import { useState } from 'preact/hooks';
import type { SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, fmtTime, Loading, Section, Status, useAction, useLoad } from '../ui.js';
import { ZohoCredits } from './zoho-credits.js';
import { SageForm } from './sage-form.js';

/** The Connections section: the Zoho org (connect, credits) and the Sage 100 connection. */
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
