import { useEffect, useState } from 'preact/hooks';
import { plainMessage } from '../platform/api.js';
import { t } from '../platform/i18n.js';
import { Notice } from '../ui/notice.js';
import type { WidgetContext } from '../ui/shell.js';

interface ZohoConnection {
  connected: boolean;
  dataCentre?: string;
  connectedAt?: string;
  edition?: string | null;
}

/** Whether the org is connected to Zoho (GET /api/zoho/connection), and when. */
export function ConnectionSection(props: { ctx: WidgetContext }) {
  const [state, setState] = useState<{ data?: ZohoConnection; error?: string }>({});
  useEffect(() => {
    props.ctx.api
      .get<ZohoConnection>('/api/zoho/connection')
      .then((data) => setState({ data }))
      .catch((error: unknown) => setState({ error: plainMessage(error) }));
  }, []);
  if (state.error) return <Notice tone="error">{state.error}</Notice>;
  if (!state.data) return <p class="muted">{t('common.loading')}</p>;
  if (!state.data.connected)
    return <Notice tone="warning">{t('settings.connection.notConnected')}</Notice>;
  return (
    <dl class="facts">
      <dt>{t('settings.connection.state')}</dt>
      <dd>{t('settings.connection.connected')}</dd>
      <dt>{t('settings.connection.since')}</dt>
      <dd>{new Date(state.data.connectedAt ?? '').toLocaleString()}</dd>
      {state.data.edition && (
        <>
          <dt>{t('settings.connection.edition')}</dt>
          <dd>{state.data.edition}</dd>
        </>
      )}
    </dl>
  );
}
