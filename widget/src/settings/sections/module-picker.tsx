import type { ModuleView } from '../api.js';
import { useT } from '../i18n.js';

/** The module a per-module screen shows. */
export function ModulePicker({
  id,
  modules,
  value,
  onChange,
}: {
  id: string;
  modules: ModuleView[];
  value: string;
  onChange(module: string): void;
}) {
  const t = useT();
  return (
    <div class="st-field st-picker">
      <label for={id}>{t('settings.module')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {modules.map((m) => (
          <option key={m.module} value={m.module}>
            {m.label}
            {m.settings.direction === 'disabled' ? ` (${t('settings.direction.disabled')})` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
