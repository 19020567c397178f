/**
 * The widget side of the sandbox's fake Zoho SDK: our own implementation of the globals the
 * widget uses (`ZOHO.embeddedApp.on/init`, `ZOHO.CRM.UI.Resize`, `ZOHO.CRM.UI.Popup.close/
 * closeReload`), speaking the embedded-app postMessage protocol to the sandbox CRM page: REGISTER
 * → SET_CONTEXT, FRAMEWORK.EVENT PageLoad, CRM_EVENT with a promiseid answered by EVENT_RESPONSE
 * or EVENT_RESPONSE_FAILURE. Zoho's own SDK cannot be fetched here and is not copied. The widget
 * hosts serve it in place of Zoho's script URL. Unlike Zoho's, it only listens to its parent.
 */
export function fakeZohoSdk(): void {
  type Handler = (data: unknown) => void;
  const parentOrigin = new URLSearchParams(window.location.search).get('serviceOrigin') ?? '';
  const handlers: Record<string, Handler[]> = {};
  const pending = new Map<string, { resolve(v: unknown): void; reject(e: unknown): void }>();
  let nextId = 1;
  let registered: (() => void) | undefined;

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    const m = (event.data ?? {}) as Record<string, unknown>;
    if (m.type === 'SET_CONTEXT') {
      registered?.();
      registered = undefined;
    } else if (m.type === 'FRAMEWORK.EVENT') {
      for (const h of handlers[String(m.eventName)] ?? []) h(m.data);
    } else if (m.type === 'EVENT_RESPONSE' || m.type === 'EVENT_RESPONSE_FAILURE') {
      const p = pending.get(String(m.promiseid));
      if (!p) return;
      pending.delete(String(m.promiseid));
      if (m.type === 'EVENT_RESPONSE') p.resolve(m.response);
      else p.reject(m.response);
    }
  });

  const post = (message: Record<string, unknown>) =>
    window.parent.postMessage(message, parentOrigin);
  const call = (data: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const promiseid = `sandbox-${nextId++}`;
      pending.set(promiseid, { resolve, reject });
      post({ type: 'CRM_EVENT', promiseid, data });
    });

  (window as unknown as { ZOHO: unknown }).ZOHO = {
    embeddedApp: {
      on(eventName: string, handler: Handler) {
        (handlers[eventName] ??= []).push(handler);
      },
      init() {
        return new Promise<void>((resolve) => {
          registered = resolve;
          post({ type: 'SDK.EVENT', eventName: 'REGISTER' });
        });
      },
    },
    CRM: {
      UI: {
        Resize: (size: { height: number; width?: number }) =>
          call({ category: 'UI', action: 'RESIZE', data: size }),
        Popup: {
          close: () => call({ category: 'UI', action: 'POPUP', subAction: 'close' }),
          closeReload: () => call({ category: 'UI', action: 'POPUP', subAction: 'closeReload' }),
        },
      },
    },
  };
}

/** tsx/esbuild (tests, dev) wrap named functions in `__name()`; the served copy needs it defined. */
const KEEP_NAMES_SHIM = 'var __name = function (f) { return f; };\n';

export const FAKE_SDK_PATH = '/__sandbox/zoho-sdk.js';
export const fakeZohoSdkSource = (): string => `${KEEP_NAMES_SHIM}(${fakeZohoSdk.toString()})();\n`;
