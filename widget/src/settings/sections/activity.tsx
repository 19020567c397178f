import { useState } from 'preact/hooks';
import type { Activity as ActivityData, Health, ModuleView, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorNote, fmtTime, Loading, Section, useLoad } from '../ui.js';

/** Records synced and failed per day per module (plain SVG), and each connection's health. */
export function Activity({ api, modules }: { api: SettingsApi; modules: ModuleView[] }) {
  const t = useT();
  const [days, setDays] = useState(14);
  const activity = useLoad(() => api.activity(days), [days]);
  const health = useLoad(() => api.health(), []);
  return (
    <Section
      id="activity"
      title={t('settings.activity.title')}
      intro={t('settings.activity.intro')}
    >
      {health.data ? (
        <HealthCards health={health.data} />
      ) : health.error ? (
        <ErrorNote error={health.error} />
      ) : (
        <Loading />
      )}
      <div class="st-card">
        <div class="st-field st-picker">
          <label for="activity-days">{t('settings.activity.period')}</label>
          <select
            id="activity-days"
            value={String(days)}
            onChange={(e) => setDays(Number(e.currentTarget.value))}
          >
            {[7, 14, 30, 90].map((n) => (
              <option key={n} value={String(n)}>
                {t('settings.activity.lastDays', { n })}
              </option>
            ))}
          </select>
        </div>
        {activity.error ? (
          <ErrorNote error={activity.error} />
        ) : !activity.data ? (
          <Loading />
        ) : activity.data.modules.length === 0 ? (
          <p class="st-hint">{t('settings.activity.none')}</p>
        ) : (
          activity.data.modules.map((m) => (
            <ModuleChart
              key={m.module}
              data={activity.data!}
              series={m}
              label={modules.find((x) => x.module === m.module)?.label ?? m.module}
            />
          ))
        )}
      </div>
    </Section>
  );
}

function HealthCards({ health }: { health: Health }) {
  const t = useT();
  const s = health.sync;
  return (
    <div class="st-health" role="group" aria-label={t('settings.activity.health')}>
      <div class={`st-card st-tile ${health.zoho.connected ? 'st-good' : 'st-bad'}`}>
        <h3>Zoho CRM</h3>
        <p>
          {health.zoho.connected
            ? t('settings.activity.zohoOk', { dc: health.zoho.dataCentre ?? '' })
            : t('settings.activity.zohoMissing')}
        </p>
        {health.zoho.connected && (
          <p class="st-hint">
            {t('settings.activity.credits', { n: health.zoho.creditsUsed24h ?? 0 })}
          </p>
        )}
      </div>
      <div
        class={`st-card st-tile ${health.sage.configured && health.sage.agent ? 'st-good' : 'st-bad'}`}
      >
        <h3>Sage 100</h3>
        <p>
          {!health.sage.configured
            ? t('settings.activity.sageMissing')
            : health.sage.agent
              ? t('settings.activity.sageOk', { company: health.sage.companyCode ?? '' })
              : t('settings.activity.agentMissing')}
        </p>
      </div>
      <div
        class={`st-card st-tile ${s.state === 'failing' ? 'st-bad' : s.state === 'ok' ? 'st-good' : ''}`}
      >
        <h3>{t('settings.activity.syncing')}</h3>
        <p>
          {s.state === 'failing' && s.failingModules.length > 0
            ? t('settings.activity.failingModules', {
                modules: s.failingModules.map((m) => m.replace(/_/g, ' ')).join(', '),
              })
            : t(`settings.activity.state.${s.state}`)}
        </p>
        {s.lastSucceeded && (
          <p class="st-hint">
            {t('settings.activity.lastOk', {
              at: fmtTime(s.lastSucceeded.finishedAt ?? s.lastSucceeded.startedAt),
              module: s.lastSucceeded.module,
            })}
          </p>
        )}
        {s.lastFailed && (
          <p class="st-hint">
            {t('settings.activity.lastFailed', {
              at: fmtTime(s.lastFailed.startedAt),
              module: s.lastFailed.module,
            })}{' '}
            {s.lastFailed.reason}
          </p>
        )}
        {s.failedLast24h > 0 && (
          <p class="st-hint">{t('settings.activity.failed24h', { n: s.failedLast24h })}</p>
        )}
      </div>
    </div>
  );
}

const W = 560;
const H = 120;
const PAD = { left: 32, right: 8, top: 8, bottom: 20 };

/** Bars per day: synced (blue) with failed (red) stacked on top; a table says the same. */
export function ModuleChart({
  data,
  series,
  label,
}: {
  data: ActivityData;
  series: ActivityData['modules'][number];
  label: string;
}) {
  const t = useT();
  const n = data.days.length;
  const max = Math.max(1, ...series.synced.map((v, i) => v + (series.failed[i] ?? 0)));
  const step = (W - PAD.left - PAD.right) / n;
  const bar = Math.max(2, step * 0.7);
  const y = (v: number) => ((H - PAD.top - PAD.bottom) * v) / max;
  const totalSynced = series.synced.reduce((a, b) => a + b, 0);
  const totalFailed = series.failed.reduce((a, b) => a + b, 0);
  const summary = t('settings.activity.summary', {
    module: label,
    synced: totalSynced,
    failed: totalFailed,
    days: n,
  });
  const tableId = `activity-table-${series.module}`;
  return (
    <figure class="st-chart" data-module={series.module}>
      <figcaption>
        <strong>{label}</strong> — {summary}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={summary}
        aria-describedby={tableId}
      >
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={H - PAD.bottom}
          y2={H - PAD.bottom}
          class="st-axis"
        />
        <text x={PAD.left - 4} y={PAD.top + 8} text-anchor="end" class="st-tick">
          {max}
        </text>
        <text x={PAD.left - 4} y={H - PAD.bottom} text-anchor="end" class="st-tick">
          0
        </text>
        {data.days.map((day, i) => {
          const x = PAD.left + i * step + (step - bar) / 2;
          const s = y(series.synced[i] ?? 0);
          const f = y(series.failed[i] ?? 0);
          const base = H - PAD.bottom;
          return (
            <g key={day}>
              <rect x={x} y={base - s} width={bar} height={s} class="st-bar-synced">
                <title>{t('settings.activity.barSynced', { day, n: series.synced[i] ?? 0 })}</title>
              </rect>
              <rect x={x} y={base - s - f} width={bar} height={f} class="st-bar-failed">
                <title>{t('settings.activity.barFailed', { day, n: series.failed[i] ?? 0 })}</title>
              </rect>
              {(i === 0 || i === n - 1 || (n <= 14 && i % 2 === 0)) && (
                <text x={x + bar / 2} y={H - 6} text-anchor="middle" class="st-tick">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p class="st-legend" aria-hidden="true">
        <span class="st-key st-key-synced" /> {t('settings.activity.synced')}{' '}
        <span class="st-key st-key-failed" /> {t('settings.activity.failed')}
      </p>
      <table class="st-sr" id={tableId}>
        <caption>{summary}</caption>
        <thead>
          <tr>
            <th scope="col">{t('settings.activity.day')}</th>
            <th scope="col">{t('settings.activity.synced')}</th>
            <th scope="col">{t('settings.activity.failed')}</th>
          </tr>
        </thead>
        <tbody>
          {data.days.map((day, i) => (
            <tr key={day}>
              <th scope="row">{day}</th>
              <td>{series.synced[i]}</td>
              <td>{series.failed[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
