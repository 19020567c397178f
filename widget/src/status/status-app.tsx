import { useEffect, useState } from 'preact/hooks';
import { plainMessage } from '../platform/api.js';
import { t } from '../platform/i18n.js';
import { recordStatus, type RecordStatus } from '../platform/records.js';
import { LoadFailed, Notice } from '../ui/notice.js';
import type { WidgetContext } from '../ui/shell.js';
import { nounOf } from '../sync/outcome.js';
import { CreditBlock } from './credit-block.js';
import { DealPanel } from './deal-panel.js';
import { formatDateTime } from './format.js';

/**
 * The status panel (a related list on Accounts, Contacts, Sales Orders and Deals): whether the record is
 * linked to Sage and under which key, when it last synced, its last error (an admin can replay
 * it), and for an account its Sage credit status and open invoices.
 */
export function StatusApp(props: { ctx: WidgetContext }) {
  // A Deal is not synced itself: its panel lists the orders and invoices that came from it.
  if (props.ctx.page.record?.module === 'Deals') return <DealPanel ctx={props.ctx} />;
  return <RecordPanel ctx={props.ctx} />;
}

function RecordPanel(props: { ctx: WidgetContext }) {
  const { page, api, current } = props.ctx;
  const record = page.record!;
  const [status, setStatus] = useState<RecordStatus>();
  const [error, setError] = useState<string>();
  const [replay, setReplay] = useState<{
    busy: boolean;
    message?: string;
    tone?: 'success' | 'error';
  }>({
    busy: false,
  });

  const load = () =>
    api
      .get<RecordStatus>(recordStatus(record.module, record.recordId))
      .then((s) => {
        setStatus(s);
        setError(undefined);
      })
      .catch((e: unknown) => setError(plainMessage(e)));
  useEffect(() => void load(), []);

  if (error)
    return (
      <LoadFailed message={error} retryLabel={t('sync.tryAgain')} onRetry={() => void load()} />
    );
  if (!status) {
    return (
      <p class="muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  const noun = nounOf(record.module);
  const failedEvent = status.recentEvents.find(
    (e) => e.action === 'failed' || e.action === 'skipped',
  );
  const replayLast = async () => {
    if (!failedEvent) return;
    setReplay({ busy: true });
    try {
      await api.post(`/api/v1/events/${failedEvent.id}/replay`, {});
      setReplay({ busy: false, message: t('status.replayDone'), tone: 'success' });
      await load();
    } catch (e) {
      setReplay({ busy: false, message: plainMessage(e), tone: 'error' });
    }
  };

  // A sync that compared the record and wrote nothing (nothing changed, or an echo of our own
  // write) leaves "Last synced" where it was; without this row the rep's click looks like it did
  // nothing. Shown only while that check is the record's latest event.
  const latest = status.recentEvents[0];
  const checkedNoChange =
    status.lastCheckedAt && latest && (latest.action === 'unchanged' || latest.action === 'echo')
      ? status.lastCheckedAt
      : null;

  return (
    <main class="panel">
      <dl class="facts">
        <dt>{t('status.link')}</dt>
        <dd>
          {status.linked ? (
            <span class="badge ok">{t('status.linked')}</span>
          ) : (
            <span class="badge">{t('status.notLinked', { noun })}</span>
          )}
        </dd>
        {status.sageKey && (
          <>
            <dt>{t('status.sageKey')}</dt>
            <dd class="key">{status.sageKey}</dd>
          </>
        )}
        <dt>{t('status.lastSynced')}</dt>
        <dd>{status.lastSyncedAt ? formatDateTime(status.lastSyncedAt) : t('status.never')}</dd>
        {checkedNoChange && (
          <>
            <dt>{t('status.lastChecked')}</dt>
            <dd>{t('status.checkedNoChange', { time: formatDateTime(checkedNoChange) })}</dd>
          </>
        )}
      </dl>
      {!status.linked && <p class="muted">{t('status.howToLink', { noun })}</p>}
      {status.lastError && (
        <Notice tone="error" title={t('status.lastError')}>
          <p>{status.lastError}</p>
          {current.role === 'admin' && failedEvent && (
            <button
              type="button"
              class="btn"
              disabled={replay.busy}
              onClick={() => void replayLast()}
            >
              {replay.busy ? t('status.replaying') : t('status.replay')}
            </button>
          )}
          {status.retry && !status.retry.exhausted && status.retry.nextAttemptAt ? (
            <p class="muted">
              {t(status.retry.attempts === 1 ? 'status.retryAt.one' : 'status.retryAt', {
                time: formatDateTime(status.retry.nextAttemptAt),
                attempts: String(status.retry.attempts),
              })}
            </p>
          ) : status.retry?.exhausted ? (
            <p class="muted">
              {t('status.retryExhausted', { attempts: String(status.retry.attempts) })}
            </p>
          ) : (
            current.role !== 'admin' && <p class="muted">{t('status.errorAskAdmin')}</p>
          )}
        </Notice>
      )}
      {status.lastSkipped && (
        <Notice tone="warning" title={t('status.lastSkipped')}>
          <p>{status.lastSkipped}</p>
        </Notice>
      )}
      {status.lastNote && (
        <Notice tone="warning" title={t('status.lastNote')}>
          <p>{status.lastNote}</p>
        </Notice>
      )}
      {status.conflict && (
        <Notice tone="warning" title={t('status.conflict.title')}>
          <p>{t('status.conflict', { noun, fields: status.conflict.fields.join(', ') })}</p>
        </Notice>
      )}
      {replay.message && <Notice tone={replay.tone ?? 'success'}>{replay.message}</Notice>}
      {status.sage && <CreditBlock sage={status.sage} linked={status.linked} />}
    </main>
  );
}
