import type { Health, SettingsApi } from '../api.js';
import { useT } from '../i18n.js';
import { fmtTime, useLoad } from '../ui.js';

/** From this share of the product's credits on, the admin is warned before runs stop. */
export const NEAR_CAP = 0.8;

const num = (n: number) => n.toLocaleString('en-US');

/**
 * The tenant's Zoho API credits against this product's share of the edition's daily allowance
 * (GET /health's `zoho.credits`, the same standing the credit cap refuses runs on): a warning
 * near the cap, and once it is spent why runs are refused and when they resume. Zoho meters a
 * rolling 24 hours, so "resume" is when the oldest calls leave it, not midnight.
 */
export function ZohoCredits({ api }: { api: SettingsApi }) {
  const health = useLoad(() => api.health(), []);
  const credits = health.data?.zoho.credits;
  if (!credits) return null;
  return <CreditsView credits={credits} />;
}

export function CreditsView({ credits: c }: { credits: NonNullable<Health['zoho']['credits']> }) {
  const t = useT();
  const near = c.budget !== null && !c.exhausted && c.used >= c.budget * NEAR_CAP;
  return (
    <div class="st-credits" data-testid="zoho-credits">
      <h4 id="credits-title">{t('settings.credits.title')}</h4>
      {c.budget === null || c.dailyCredits === null ? (
        <p>{t('settings.credits.unlimited', { used: num(c.used) })}</p>
      ) : (
        <>
          <p data-testid="credits-used">
            {t('settings.credits.used', {
              used: num(c.used),
              budget: num(c.budget),
              share: Math.round(c.share * 1000) / 10,
              daily: num(c.dailyCredits),
            })}
          </p>
          <meter
            class="st-meter"
            aria-labelledby="credits-title"
            min={0}
            max={c.budget}
            low={Math.floor(c.budget * NEAR_CAP)}
            high={Math.floor(c.budget * NEAR_CAP)}
            optimum={0}
            value={Math.min(c.used, c.budget)}
          />
        </>
      )}
      {near && (
        <p class="notice warning" role="status" data-testid="credits-near">
          {t('settings.credits.near', { left: num(Math.max(0, c.budget! - c.used)) })}
        </p>
      )}
      {c.exhausted && (
        <p class="notice error" role="alert" data-testid="credits-exhausted">
          {t('settings.credits.exhausted', {
            used: num(c.used),
            budget: num(c.budget ?? 0),
          })}{' '}
          {c.resumesAt
            ? t('settings.credits.resumesAt', { at: fmtTime(c.resumesAt) })
            : t('settings.credits.resumesLater')}
        </p>
      )}
      <p class="st-hint">{t('settings.credits.window')}</p>
    </div>
  );
}
