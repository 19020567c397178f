import { t } from '../platform/i18n.js';
import { Notice } from '../ui/notice.js';
import type { WidgetContext } from '../ui/shell.js';
import { SECTIONS } from './sections.js';

/**
 * The settings tab: for a CRM admin, each section of SECTIONS under its heading; a sales rep is
 * told who can change these settings (the backend refuses their admin calls anyway).
 */
export function SettingsApp(props: { ctx: WidgetContext }) {
  if (props.ctx.current.role !== 'admin') {
    return (
      <main class="settings">
        <h1 class="title">{t('settings.title')}</h1>
        <Notice tone="info">{t('settings.askAdmin')}</Notice>
      </main>
    );
  }
  return (
    <main class="settings">
      <h1 class="title">{t('settings.title')}</h1>
      <div class="sections">
        {SECTIONS.map((section) => (
          <section
            key={section.id}
            class="card"
            id={`section-${section.id}`}
            aria-labelledby={`h-${section.id}`}
          >
            <h2 id={`h-${section.id}`}>{t(section.title)}</h2>
            {section.render(props.ctx)}
          </section>
        ))}
      </div>
    </main>
  );
}
