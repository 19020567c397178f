import { useRef } from 'preact/hooks';
import type { PassProgress, RunSummary } from '../api.js';
import { useT, type Translate } from '../i18n.js';
import { FINAL, progressOf, timeLeft } from '../runs.js';

/**
 * One run's progress as the admin follows it: a bar, each pass's count ("Sage → Zoho: 1,200 of
 * 1,200 · Zoho → Sage: counting…"), the read/written facts with rate and time left, and the
 * counts once it ended.
 */

const count = (n: number) => n.toLocaleString('en-US');

/** A pass as one phrase: its direction, then what it read of its count, or that it is counting. */
export function passText(t: Translate, x: PassProgress): string {
  const direction = t(`settings.direction.${x.pass}`);
  if (x.estimatedTotal === null) {
    return x.done === 0
      ? t('settings.historical.passCounting', { direction })
      : t('settings.historical.passReadCounting', { direction, done: count(x.done) });
  }
  return t('settings.historical.passOf', {
    direction,
    done: count(x.done),
    total: count(x.estimatedTotal),
  });
}

export function RunProgressRow({
  run,
  label,
  onCancel,
  cancelling,
}: {
  run: RunSummary;
  label: string;
  onCancel?: () => void;
  cancelling?: boolean;
}) {
  const t = useT();
  const p = progressOf(run);
  // Never backwards: a side that raises its count mid-run would otherwise shrink the bar.
  const high = useRef({ run: run.id, percent: 0 });
  if (high.current.run !== run.id) high.current = { run: run.id, percent: 0 };
  if (p.percent !== null) {
    high.current.percent = Math.max(high.current.percent, p.percent);
    p.percent = high.current.percent;
  }
  const done = FINAL.has(run.status);
  const left = timeLeft(p.secondsLeft);
  const leftText = left ? t(left.key, left.vars) : t('settings.historical.noEstimate');
  return (
    <div class="st-progress" data-run={run.id} data-module={run.module}>
      <div class="st-progress-head">
        <strong id={`prog-${run.id}`}>{label}</strong>{' '}
        <span class={`st-pill st-${run.status}`}>{t(`settings.status.${run.status}`)}</span>
        {!done && onCancel && (
          <button
            type="button"
            class="btn danger"
            disabled={cancelling}
            onClick={onCancel}
            aria-label={t('settings.historical.cancelFor', { module: label })}
          >
            {t('settings.cancel')}
          </button>
        )}
      </div>
      <div
        class={`st-bar${p.percent === null ? ' st-indeterminate' : ''}`}
        role="progressbar"
        aria-labelledby={`prog-${run.id}`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(p.percent !== null ? { 'aria-valuenow': p.percent } : {})}
        aria-valuetext={
          p.percent !== null
            ? done
              ? `${p.percent}%`
              : `${p.percent}%, ${leftText}`
            : t('settings.historical.soFar', { read: p.read, pages: run.progress?.pages ?? 0 })
        }
      >
        <div
          class="st-bar-fill"
          style={p.percent !== null ? { width: `${p.percent}%` } : undefined}
        />
      </div>
      {p.passes.length > 0 && (
        <p class="st-progress-passes" data-testid={`passes-${run.module}`}>
          {p.passes.map((x) => passText(t, x)).join(' · ')}
        </p>
      )}
      <p class="st-progress-facts" data-testid={`facts-${run.module}`}>
        {t('settings.historical.facts', {
          read: p.read,
          written: p.written,
          left: p.left ?? '—',
          skipped: p.skipped,
          failed: p.failed,
          pages: run.progress?.pages ?? 0,
        })}
        {!done &&
          ` · ${t('settings.historical.rate', { rate: p.rate !== null ? p.rate.toFixed(1) : '—', left: leftText })}`}
      </p>
      {done && (
        <p class="st-hint" data-testid={`final-${run.module}`}>
          {t('settings.historical.ended', {
            created: run.counts.created ?? 0,
            updated: run.counts.updated ?? 0,
            unchanged: run.counts.unchanged ?? 0,
            skipped: run.counts.skipped ?? 0,
            failed: run.counts.failed ?? 0,
          })}
          {run.reason ? ` — ${run.reason}` : ''}
        </p>
      )}
    </div>
  );
}
