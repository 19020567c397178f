import type { ScheduleDraft } from '../schedule.js';
import { useT } from '../i18n.js';
import { Field, TextField } from '../ui.js';

/** A module's schedule: every N seconds/minutes/hours, or at listed times in a time zone. */
export function ScheduleFields({
  id,
  schedule,
  onChange,
  err,
}: {
  id: string;
  schedule: ScheduleDraft;
  onChange(patch: Partial<ScheduleDraft>): void;
  err(field: string): string | undefined;
}) {
  const t = useT();
  return (
    <fieldset class="st-wide">
      <legend>{t('settings.schedule.title')}</legend>
      <div class="st-radios">
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            checked={schedule.kind === 'interval'}
            onChange={() => onChange({ kind: 'interval' })}
          />{' '}
          {t('settings.schedule.interval')}
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            checked={schedule.kind === 'times'}
            onChange={() => onChange({ kind: 'times' })}
          />{' '}
          {t('settings.schedule.times')}
        </label>
      </div>
      {schedule.kind === 'interval' ? (
        <div class="st-inline">
          <TextField
            id={`${id}-every`}
            label={t('settings.schedule.every')}
            hint={t('settings.schedule.everyHint')}
            error={err('every')}
            inputMode="decimal"
            size={5}
            value={schedule.every}
            onValue={(v) => onChange({ every: v })}
          />
          <Field id={`${id}-unit`} label={t('settings.schedule.unit')}>
            {(p) => (
              <select
                {...p}
                value={schedule.unit}
                onChange={(e) => onChange({ unit: e.currentTarget.value as ScheduleDraft['unit'] })}
              >
                <option value="seconds">{t('settings.schedule.seconds')}</option>
                <option value="minutes">{t('settings.schedule.minutes')}</option>
                <option value="hours">{t('settings.schedule.hours')}</option>
              </select>
            )}
          </Field>
        </div>
      ) : (
        <div class="st-inline">
          <TextField
            id={`${id}-times`}
            label={t('settings.schedule.timesList')}
            hint={t('settings.schedule.timesHint')}
            error={err('times')}
            value={schedule.times}
            onValue={(v) => onChange({ times: v })}
          />
          <TextField
            id={`${id}-zone`}
            label={t('settings.schedule.timeZone')}
            error={err('timeZone')}
            value={schedule.timeZone}
            onValue={(v) => onChange({ timeZone: v })}
          />
        </div>
      )}
    </fieldset>
  );
}
