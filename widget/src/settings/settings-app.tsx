import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../platform/api.js';
import { backendUrl } from '../platform/backend.js';
import { t } from '../platform/i18n.js';
import { Notice } from '../ui/notice.js';
import type { WidgetContext } from '../ui/shell.js';
import { settingsApi, type SettingsApi } from './api.js';
import { SECTIONS } from './sections.js';
import { useT } from './i18n.js';
import './settings.css';

/** What a section gets: the typed API, and the few things that need the widget's platform. */
export interface SectionProps {
  api: SettingsApi;
  /** Opens Zoho's consent popup again (the admin's connect flow). */
  reconnect(): void;
  download(path: string, filename: string): Promise<void>;
}

/** Saves a backend download (a run's CSV) with the session's token: no link can carry it. */
async function downloadWith(ctx: WidgetContext, path: string, filename: string): Promise<void> {
  const res = await fetch(`${backendUrl()}/api/v1${path}`, {
    headers: { authorization: `Bearer ${ctx.session.token() ?? ''}` },
    credentials: 'omit',
  });
  if (!res.ok)
    throw new ApiError(
      res.status === 404 ? 'not_found' : 'server',
      res.status,
      undefined,
      undefined,
    );
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The settings tab. A CRM admin gets the sections with a menu (one section at a time, its heading
 * focused when opened); a sales rep is told who can change these settings, and the backend
 * refuses their admin calls anyway.
 */
export function SettingsApp(props: { ctx: WidgetContext }) {
  const tr = useT();
  const { ctx } = props;
  const api = useMemo(() => settingsApi(ctx.api), [ctx.api]);
  const initial = SECTIONS.find((s) => `#${s.id}` === window.location.hash)?.id ?? SECTIONS[0]!.id;
  const [open, setOpen] = useState(initial);
  if (ctx.current.role !== 'admin') {
    return (
      <main class="settings">
        <h1 class="title">{t('settings.title')}</h1>
        <Notice tone="info">{t('settings.askAdmin')}</Notice>
      </main>
    );
  }
  const section = SECTIONS.find((s) => s.id === open) ?? SECTIONS[0]!;
  const sectionProps: SectionProps = {
    api,
    reconnect: () => void ctx.session.begin('connect'),
    download: (path, filename) => downloadWith(ctx, path, filename),
  };
  return (
    <main class="settings st-layout">
      <h1 class="title">{t('settings.title')}</h1>
      <nav class="st-nav" aria-label={tr('settings.nav')}>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                class={`st-nav-item${s.id === open ? ' st-current' : ''}`}
                aria-current={s.id === open ? 'page' : undefined}
                onClick={() => {
                  setOpen(s.id);
                  history.replaceState(null, '', `#${s.id}`);
                }}
              >
                {tr(s.title)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div class="st-main" key={section.id}>
        {section.render(sectionProps)}
      </div>
    </main>
  );
}
