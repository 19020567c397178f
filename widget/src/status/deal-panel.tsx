import { useEffect, useState } from 'preact/hooks';
import { plainMessage } from '../platform/api.js';
import { t } from '../platform/i18n.js';
import { recordStatus, type DealStatus } from '../platform/records.js';
import { LoadFailed, Notice } from '../ui/notice.js';
import type { WidgetContext } from '../ui/shell.js';
import { formatDate, formatDateTime, formatMoney } from './format.js';

/**
 * The status panel on a Deal (ADR 0066): the Deal's number for Sage, the sales orders made from it
 * (with their Sage order numbers once in Sage) and the invoices that billed them, as a sales rep
 * reads them. Everything comes from Zoho, so it still shows while Sage is away, with a note.
 */
export function DealPanel(props: { ctx: WidgetContext }) {
  const { page, api } = props.ctx;
  const [deal, setDeal] = useState<DealStatus>();
  const [error, setError] = useState<string>();
  const load = () =>
    api
      .get<DealStatus>(recordStatus('Deals', page.record!.recordId))
      .then((d) => {
        setDeal(d);
        setError(undefined);
      })
      .catch((e: unknown) => setError(plainMessage(e)));
  useEffect(() => void load(), []);

  if (error)
    return (
      <LoadFailed message={error} retryLabel={t('sync.tryAgain')} onRetry={() => void load()} />
    );
  if (!deal) {
    return (
      <p class="muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  const number = deal.opportunityId;
  return (
    <main class="panel">
      <dl class="facts">
        <dt>{t('deal.number')}</dt>
        <dd class="key">{number ?? t('deal.noNumber')}</dd>
        {deal.account && (
          <>
            <dt>{t('deal.account')}</dt>
            <dd data-testid="deal-account">
              {deal.account.name ?? '—'}{' '}
              {deal.account.customerNo ? (
                <span class="key">{deal.account.customerNo}</span>
              ) : (
                <span class="badge">{t('deal.accountNotInSage')}</span>
              )}
            </dd>
          </>
        )}
        {deal.stage && (
          <>
            <dt>{t('deal.stage')}</dt>
            <dd>{deal.stage}</dd>
          </>
        )}
      </dl>
      {deal.sage && !deal.sage.available && (
        <Notice tone="warning" title={t('status.sageAway.title')}>
          <p>{t('deal.sageAway')}</p>
        </Notice>
      )}
      <h2 class="subtitle">{t('deal.orders', { count: deal.orders.length })}</h2>
      {deal.orders.length === 0 ? (
        <p class="muted">{number ? t('deal.noOrders', { number }) : t('deal.noOrdersNoNumber')}</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('deal.orderNo')}</th>
              <th scope="col">{t('deal.order')}</th>
              <th scope="col">{t('deal.orderStatus')}</th>
              <th scope="col">{t('status.lastSynced')}</th>
            </tr>
          </thead>
          <tbody>
            {deal.orders.map((o) => (
              <tr key={o.zohoId}>
                <td>
                  {o.salesOrderNo ? (
                    <>
                      <span class="key">{o.salesOrderNo}</span>{' '}
                      <span class="badge ok">{t('status.linked')}</span>
                    </>
                  ) : (
                    <span class="badge">{t('deal.orderNotInSage')}</span>
                  )}
                </td>
                <td>{o.subject ?? '—'}</td>
                <td>{o.status ?? '—'}</td>
                <td>{o.lastSyncedAt ? formatDateTime(o.lastSyncedAt) : t('status.never')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deal.orders.some((o) => !o.salesOrderNo) && <p class="muted">{t('deal.orderHowTo')}</p>}
      <h2 class="subtitle">{t('deal.invoices', { count: deal.invoices.length })}</h2>
      {deal.invoices.length === 0 ? (
        <p class="muted">{t('deal.noInvoices')}</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('status.invoiceNo')}</th>
              <th scope="col">{t('status.invoiceDate')}</th>
              <th scope="col" class="num">
                {t('deal.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {deal.invoices.map((inv) => (
              <tr key={inv.zohoId}>
                <td>{inv.invoiceNo ?? '—'}</td>
                <td>{inv.invoiceDate ? formatDate(inv.invoiceDate) : '—'}</td>
                <td class="num">
                  {typeof inv.amount === 'number' ? formatMoney(inv.amount) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
