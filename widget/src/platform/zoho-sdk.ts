import { withTimeout } from './timeout.js';

/**
 * A small typed wrapper over Zoho's embedded-app SDK (`ZohoEmbededAppSDK.min.js`, loaded by the
 * page as the global `ZOHO`). Every call has a timeout, because the SDK's promises never settle
 * when CRM does not answer, and nothing it reports is used for identity (ADR 0031): the page
 * context only says which record the user is looking at.
 */

export const CRM_MODULES = ['Accounts', 'Contacts', 'Sales_Orders', 'Deals'] as const;
export type CrmModule = (typeof CRM_MODULES)[number];
/** The modules "Sync to Sage" sends; a Deal only shows its orders and invoices (ADR 0066). */
export type SyncModule = Exclude<CrmModule, 'Deals'>;
export const SYNC_MODULES: readonly SyncModule[] = ['Accounts', 'Contacts', 'Sales_Orders'];

/** The record a button or related-list widget was opened on. */
export interface RecordContext {
  module: CrmModule;
  recordId: string;
  /** `button`: a custom button (EntityId is an array); `related-list`: EntityId is a string. */
  from: 'button' | 'related-list';
}

interface ZohoGlobal {
  embeddedApp: {
    on(event: 'PageLoad', handler: (data: unknown) => void): void;
    init(): Promise<unknown>;
  };
  CRM: {
    UI: {
      Resize(size: { height: number; width?: number }): Promise<unknown>;
      Popup: { close(): Promise<unknown>; closeReload(): Promise<unknown> };
    };
  };
}

declare global {
  interface Window {
    ZOHO?: ZohoGlobal;
  }
}

export class SdkUnavailableError extends Error {
  constructor() {
    super('Zoho CRM’s widget SDK is not loaded on this page');
    this.name = 'SdkUnavailableError';
  }
}

const isRecordId = (v: unknown): v is string => typeof v === 'string' && /^\d{1,30}$/.test(v);

/**
 * Reads the PageLoad payload. A custom button sends `{Entity, EntityId: ["<id>"], ButtonPosition}`,
 * a related-list widget `{Entity, EntityId: "<id>"}`; anything else (a settings tab, a module the
 * extension does not serve, a malformed id) is no record.
 */
export function parsePageLoad(data: unknown): RecordContext | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { Entity, EntityId } = data as { Entity?: unknown; EntityId?: unknown };
  const module = CRM_MODULES.find((m) => m === Entity);
  if (!module) return undefined;
  if (Array.isArray(EntityId)) {
    return isRecordId(EntityId[0]) ? { module, recordId: EntityId[0], from: 'button' } : undefined;
  }
  return isRecordId(EntityId) ? { module, recordId: EntityId, from: 'related-list' } : undefined;
}

export interface ZohoPage {
  /** The PageLoad payload as Zoho sent it. */
  data: unknown;
  record: RecordContext | undefined;
  resize(height: number, width?: number): Promise<void>;
  closeReload(): Promise<void>;
  close(): Promise<void>;
}

export interface SdkOptions {
  /** How long to wait for CRM to answer init and PageLoad, and each UI call. */
  timeoutMs?: number;
}

/** Registers for PageLoad, then initialises the SDK (in that order, or PageLoad is missed). */
export async function connectToZoho(options: SdkOptions = {}): Promise<ZohoPage> {
  const zoho = window.ZOHO;
  if (!zoho) throw new SdkUnavailableError();
  const ms = options.timeoutMs ?? 10_000;
  const pageLoad = new Promise<unknown>((resolve) => zoho.embeddedApp.on('PageLoad', resolve));
  await withTimeout(zoho.embeddedApp.init(), ms, 'Zoho CRM (init)');
  const data = await withTimeout(pageLoad, ms, 'Zoho CRM (PageLoad)');
  const ui = zoho.CRM.UI;
  return {
    data,
    record: parsePageLoad(data),
    resize: async (height, width) => {
      await withTimeout(
        ui.Resize(width === undefined ? { height } : { height, width }),
        ms,
        'Zoho CRM (resize)',
      );
    },
    closeReload: async () => {
      await withTimeout(ui.Popup.closeReload(), ms, 'Zoho CRM (close popup)');
    },
    close: async () => {
      await withTimeout(ui.Popup.close(), ms, 'Zoho CRM (close popup)');
    },
  };
}
