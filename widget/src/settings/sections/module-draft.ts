import type { Direction, ModuleSettings, ModuleView } from '../api.js';
import { draftOfSchedule, scheduleOf, type ScheduleDraft } from '../schedule.js';

/** What the admin is editing on a module card, as typed (numbers as text until saved). */
export interface Draft {
  direction: Direction;
  schedule: ScheduleDraft;
  conflictPolicy: ModuleSettings['conflictPolicy'];
  tolerance: string;
  deletePolicy: ModuleSettings['deletePolicy'];
  brake: string;
}

export const draftOf = (m: ModuleView): Draft => ({
  direction: m.settings.direction,
  schedule: draftOfSchedule(
    m.settings.schedule,
    Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  ),
  conflictPolicy: m.settings.conflictPolicy,
  tolerance: String(m.settings.conflictToleranceSeconds),
  deletePolicy: m.settings.deletePolicy,
  brake: String(m.settings.deleteBrakePercent),
});

/** A field the draft cannot be saved with: the field and the translation key of why. */
export interface DraftProblem {
  field: string;
  /** A translation key (settings.*). */
  key: string;
  vars?: Record<string, string | number>;
}

/**
 * The PUT /modules/:module body of a draft, or the first field it is refused on before asking
 * the backend (which checks the same again). The direction is sent only when it changed: a
 * change of direction enables or disables modules it needs.
 */
export function bodyOfDraft(
  d: Draft,
  view: ModuleView,
): { body: Partial<ModuleSettings> } | { problem: DraftProblem } {
  const { schedule, problem: bad } = scheduleOf(d.schedule);
  if (bad) return { problem: bad };
  const tolerance = Number(d.tolerance);
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 86_400)
    return { problem: { field: 'tolerance', key: 'settings.modules.toleranceRange' } };
  const brake = Number(d.brake);
  if (!Number.isFinite(brake) || brake < 0 || brake > 100)
    return { problem: { field: 'brake', key: 'settings.modules.brakeRange' } };
  const body: Partial<ModuleSettings> = {
    schedule,
    conflictPolicy: d.conflictPolicy,
    conflictToleranceSeconds: tolerance,
    deletePolicy: d.deletePolicy,
    deleteBrakePercent: brake,
  };
  if (d.direction !== view.settings.direction) body.direction = d.direction;
  return { body };
}
