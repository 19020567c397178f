import type { ModuleView, SettingsApi } from '../api.js';
import { DealStageForm } from './deal-stages.js';
import { InactiveForm } from './inactive.js';
import { OptInForm } from './opt-in.js';

/**
 * The rules a module card has besides its sync settings, each saved on its own: per-record opt-in
 * (modules with a "Sync to Sage" checkbox), the Deal stage rule (Sales Orders) and inactive
 * customers (Accounts).
 */
export function ModuleRules(props: { api: SettingsApi; view: ModuleView; onSaved(): void }) {
  const { view } = props;
  return (
    <>
      {view.optInField && <OptInForm {...props} />}
      {view.settings.dealStages && <DealStageForm {...props} />}
      {view.module === 'Accounts' && <InactiveForm api={props.api} view={view} />}
    </>
  );
}
