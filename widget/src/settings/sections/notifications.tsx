import { useState } from 'preact/hooks';
import type { NotificationSettings, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import {
  ErrorNote,
  Field,
  TextField,
  fmtTime,
  Loading,
  problemOf,
  Section,
  Status,
  useAction,
  useLoad,
} from '../ui.js';

const MODES = ['off', 'failures', 'every', 'digest'] as const;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** The addresses typed in the box: split on commas, semicolons and line breaks. */
export const emailsOf = (text: string): string[] =>
  text
    .split(/[,;\n]+/)
    .map((e) => e.trim())
    .filter(Boolean);

interface Draft {
  mode: NotificationSettings['mode'];
  emails: string;
  webhookUrl: string;
  webhookSecret: string;
}

const draftOf = (s: NotificationSettings): Draft => ({
  mode: s.mode,
  emails: s.emails.join(', '),
  webhookUrl: s.webhookUrl ?? '',
  webhookSecret: '',
});

/** Who is told what (email, webhook; failures, every run, a daily digest), and what was sent. */
export function Notifications({ api }: { api: SettingsApi }) {
  const t = useT();
  const settings = useLoad(() => api.notificationSettings(), []);
  const deliveries = useLoad(() => api.deliveries(), []);
  const [draft, setDraft] = useState<Draft>();
  const [problem, setProblem] = useState<{ field: string; text: string }>();
  const [secret, setSecret] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const save = useAction();
  const test = useAction();
  if (settings.loading && !settings.data) return <Loading />;
  if (settings.error) return <ErrorNote error={settings.error} />;
  const stored = settings.data!;
  const d = draft ?? draftOf(stored);
  const set = (patch: Partial<Draft>) => {
    setProblem(undefined);
    setDraft({ ...d, ...patch });
  };
  const issues = problemOf(save.error).issues ?? [];
  const err = (field: string) =>
    problem?.field === field
      ? problem.text
      : issues.find((i) => i.path === field || i.path.startsWith(`${field}.`))?.message;

  const submit = (e: Event) => {
    e.preventDefault();
    const emails = emailsOf(d.emails);
    const bad = emails.find((x) => !EMAIL.test(x));
    if (bad)
      return setProblem({
        field: 'emails',
        text: t('settings.notifications.badEmail', { email: bad }),
      });
    const url = d.webhookUrl.trim();
    if (url && !/^https?:\/\/\S+$/.test(url)) {
      return setProblem({ field: 'webhookUrl', text: t('settings.notifications.badUrl') });
    }
    if (d.mode !== 'off' && emails.length === 0 && !url) {
      return setProblem({ field: 'mode', text: t('settings.notifications.nowhere') });
    }
    const body: Record<string, unknown> = { mode: d.mode, emails, webhookUrl: url || null };
    if (d.webhookSecret) body.webhookSecret = d.webhookSecret;
    void save
      .run(
        () => api.saveNotificationSettings(body),
        () => t('settings.notifications.saved'),
      )
      .then((r) => {
        if (!r) return;
        setNotice(t('settings.notifications.saved'));
        setSecret(r.webhookSecret);
        setDraft(undefined);
        settings.reload();
      });
  };

  return (
    <Section
      id="notifications"
      title={t('settings.notifications.title')}
      intro={t('settings.notifications.intro')}
    >
      <form class="st-card" onSubmit={submit} noValidate>
        <fieldset aria-describedby={err('mode') ? 'notify-mode-error' : undefined}>
          <legend>{t('settings.notifications.when')}</legend>
          {MODES.map((m) => (
            <label key={m} class="st-check-label">
              <input
                type="radio"
                name="notify-mode"
                checked={d.mode === m}
                onChange={() => set({ mode: m })}
              />{' '}
              {t(`settings.notifications.mode.${m}`)}
            </label>
          ))}
          {err('mode') && (
            <p class="st-field-error" id="notify-mode-error">
              {err('mode')}
            </p>
          )}
        </fieldset>
        <div class="st-grid">
          <Field
            id="notify-emails"
            label={t('settings.notifications.emails')}
            hint={t('settings.notifications.emailsHint')}
            error={err('emails')}
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={d.emails}
                onInput={(e) => set({ emails: e.currentTarget.value })}
              />
            )}
          </Field>
          <TextField
            id="notify-webhook"
            label={t('settings.notifications.webhookUrl')}
            hint={t('settings.notifications.webhookHint')}
            error={err('webhookUrl')}
            type="url"
            value={d.webhookUrl}
            onValue={(v) => set({ webhookUrl: v })}
          />
          <TextField
            id="notify-secret"
            label={t('settings.notifications.webhookSecret')}
            hint={
              stored.webhookSecretSet
                ? t('settings.connections.secretKept')
                : t('settings.notifications.secretGenerated')
            }
            error={err('webhookSecret')}
            type="password"
            autoComplete="new-password"
            value={d.webhookSecret}
            onValue={(v) => set({ webhookSecret: v })}
          />
        </div>
        <div class="actions">
          <button type="submit" class="btn primary" disabled={save.busy}>
            {save.busy ? t('settings.saving') : t('settings.save')}
          </button>
          <button
            type="button"
            class="btn"
            disabled={test.busy}
            onClick={() =>
              void test
                .run(
                  () => api.testNotifications(),
                  (r) => t('settings.notifications.testSent', { n: r.deliveries.length }),
                )
                .then((r) => {
                  if (r)
                    setNotice(t('settings.notifications.testSent', { n: r.deliveries.length }));
                  deliveries.reload();
                })
            }
          >
            {t('settings.notifications.test')}
          </button>
        </div>
        {problem && (
          <p class="notice error" role="alert">
            {t('settings.notSaved')} {problem.text}
          </p>
        )}
        <ErrorNote error={save.error} />
        <ErrorNote error={test.error} />
        <Status text={notice} />
        {secret && (
          <div class="notice warning" role="status">
            {t('settings.notifications.secretOnce')} <code class="key">{secret}</code>
          </div>
        )}
      </form>
      <div class="st-card" role="group" aria-labelledby="deliveries-title">
        <h3 id="deliveries-title">{t('settings.notifications.deliveries')}</h3>
        <div class="actions">
          <button type="button" class="btn" onClick={deliveries.reload}>
            {t('settings.refresh')}
          </button>
        </div>
        <ErrorNote error={deliveries.error} />
        {deliveries.data && deliveries.data.deliveries.length === 0 && (
          <p class="st-hint">{t('settings.notifications.noDeliveries')}</p>
        )}
        {deliveries.data && deliveries.data.deliveries.length > 0 && (
          <table class="grid st-table">
            <caption class="st-sr">{t('settings.notifications.deliveries')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.notifications.at')}</th>
                <th scope="col">{t('settings.notifications.channel')}</th>
                <th scope="col">{t('settings.notifications.to')}</th>
                <th scope="col">{t('settings.logs.status')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.deliveries.map((x) => (
                <tr key={x.id} data-delivery={x.id}>
                  <td>{fmtTime(x.createdAt)}</td>
                  <td>
                    {t(`settings.notifications.channel.${x.channel}`)} ·{' '}
                    {t(`settings.notifications.kind.${x.kind}`)}
                  </td>
                  <td>{x.target}</td>
                  <td>
                    <span class={`st-pill st-${x.status === 'delivered' ? 'succeeded' : x.status}`}>
                      {t(`settings.notifications.status.${x.status}`)}
                    </span>{' '}
                    {x.status !== 'delivered' && x.lastError && (
                      <span class="st-reason">
                        {t('settings.notifications.attempts', { n: x.attempts })} {x.lastError}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Section>
  );
}
