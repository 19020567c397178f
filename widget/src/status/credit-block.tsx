import { t } from '../platform/i18n.js';
import type { RecordStatus } from '../platform/records.js';
import { Notice } from '../ui/notice.js';
import { formatDate, formatMoney } from './format.js';

/** An account's Sage credit status and open invoices, or why Sage cannot say right now. */
export function CreditBlock(props: { sage: NonNullable<RecordStatus['sage']>; linked: boolean }) {
  const { sage } = props;
  if (!sage.available) {
    // Not linked is said above already; otherwise the agent is away or Sage refused.
    if (!props.linked) return null;
    return (
      <Notice tone="warning" title={t('status.sageAway.title')}>
        <p>{t('status.sageAway')}</p>
      </Notice>
    );
  }
  const { credit, openInvoices } = sage;
  return (
    <section aria-labelledby="credit-h">
      <h2 id="credit-h" class="subtitle">
        {t('status.credit')}
      </h2>
      {credit.creditHold && <Notice tone="error">{t('status.creditHold')}</Notice>}
      {!credit.creditHold && credit.overCreditLimit && (
        <Notice tone="warning">{t('status.overLimit')}</Notice>
      )}
      <dl class="facts">
        <dt>{t('status.creditLimit')}</dt>
        <dd>{formatMoney(credit.creditLimit)}</dd>
        <dt>{t('status.balance')}</dt>
        <dd>{formatMoney(credit.currentBalance)}</dd>
        <dt>{t('status.available')}</dt>
        <dd>{formatMoney(credit.availableCredit)}</dd>
        <dt>{t('status.openOrders')}</dt>
        <dd>{formatMoney(credit.openOrderAmount)}</dd>
      </dl>
      <h2 class="subtitle">{t('status.openInvoices', { count: credit.openInvoiceCount })}</h2>
      {openInvoices.length === 0 ? (
        <p class="muted">{t('status.noOpenInvoices')}</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('status.invoiceNo')}</th>
              <th scope="col">{t('status.invoiceDate')}</th>
              <th scope="col">{t('status.dueDate')}</th>
              <th scope="col" class="num">
                {t('status.invoiceBalance')}
              </th>
            </tr>
          </thead>
          <tbody>
            {openInvoices.map((inv) => (
              <tr key={inv.invoiceNo}>
                <td>{inv.invoiceNo}</td>
                <td>{formatDate(inv.invoiceDate)}</td>
                <td>{formatDate(inv.dueDate)}</td>
                <td class="num">{formatMoney(inv.balance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
