/**
 * The CRM side of the sandbox's fake Zoho SDK, run by the sandbox CRM pages (served as a script
 * file: the pages' CSP allows no inline script). Every `iframe[data-widget]` is a widget location:
 * it answers the frame's REGISTER with SET_CONTEXT and PageLoad (the frame's payload), resizes the
 * frame, and closes (and reloads after) the "Sync to Sage" popup. Messages are taken only from a
 * widget frame's own window and origin.
 */
export function crmHost(): void {
  const frames = () =>
    Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe[data-widget]'));

  window.addEventListener('message', (event: MessageEvent) => {
    const frame = frames().find((f) => f.contentWindow === event.source);
    if (!frame || event.origin !== frame.dataset.origin) return;
    const reply = (message: Record<string, unknown>) =>
      frame.contentWindow?.postMessage(message, frame.dataset.origin ?? '');
    const m = (event.data ?? {}) as Record<string, unknown>;
    if (m.type === 'SDK.EVENT' && m.eventName === 'REGISTER') {
      reply({ type: 'SET_CONTEXT', data: JSON.parse(frame.dataset.context ?? '{}') });
      reply({
        type: 'FRAMEWORK.EVENT',
        eventName: 'PageLoad',
        data: JSON.parse(frame.dataset.payload ?? '{}'),
      });
      return;
    }
    if (m.type !== 'CRM_EVENT') return;
    const data = (m.data ?? {}) as Record<string, unknown>;
    const ok = (response: unknown = true) =>
      reply({ type: 'EVENT_RESPONSE', promiseid: m.promiseid, response });
    if (data.category === 'UI' && data.action === 'RESIZE') {
      const size = (data.data ?? {}) as { height?: number; width?: number };
      if (typeof size.height === 'number')
        frame.style.height = `${Math.min(Math.max(size.height, 40), 2000)}px`;
      ok();
    } else if (data.category === 'UI' && data.action === 'POPUP') {
      ok();
      const dialog = frame.closest('dialog');
      dialog?.close();
      dialog?.remove();
      if (data.subAction === 'closeReload') window.location.reload();
    } else {
      reply({
        type: 'EVENT_RESPONSE_FAILURE',
        promiseid: m.promiseid,
        response: { message: 'not available in the sandbox CRM' },
      });
    }
  });

  // A custom button: a 600×320 popup with the widget, fresh on every click.
  for (const button of Array.from(
    document.querySelectorAll<HTMLButtonElement>('button[data-popup-src]'),
  )) {
    button.addEventListener('click', () => {
      const dialog = document.createElement('dialog');
      dialog.className = 'widget-popup';
      dialog.setAttribute('aria-label', button.dataset.popupTitle ?? '');
      const frame = document.createElement('iframe');
      frame.src = button.dataset.popupSrc ?? '';
      frame.title = button.dataset.popupTitle ?? '';
      frame.dataset.widget = 'popup';
      frame.dataset.origin = button.dataset.origin;
      frame.dataset.payload = button.dataset.payload;
      frame.dataset.context = button.dataset.context;
      frame.width = '600';
      frame.height = '320';
      dialog.append(frame);
      dialog.addEventListener('close', () => dialog.remove());
      document.body.append(dialog);
      dialog.showModal();
      frame.focus();
    });
  }
}

/** tsx/esbuild (tests, dev) wrap named functions in `__name()`; the served copy needs it defined. */
const KEEP_NAMES_SHIM = 'var __name = function (f) { return f; };\n';

export const CRM_HOST_PATH = '/sandbox/assets/crm-host.js';
export const crmHostSource = (): string => `${KEEP_NAMES_SHIM}(${crmHost.toString()})();\n`;
