import { ApiError } from '../platform/api.js';
import { t, type MessageKey } from '../platform/i18n.js';
import type { BroughtAlong, RecordAction, SyncResult } from '../platform/records.js';
import type { CrmModule } from '../platform/zoho-sdk.js';

/** Turns the backend's answer to "Sync to Sage" into what the popup says, in plain words. */

export interface Outcome {
  tone: 'success' | 'warning' | 'error';
  title: string;
  text: string;
  /** What the user can do next, when there is something. */
  next?: string;
  /** The Sage key to show (created, updated, unchanged). */
  sageKey?: string;
  /** What the engine noted on a success (a value trimmed to Sage's length): said, not hidden. */
  note?: string;
  broughtAlong: string[];
}

const NOUN: Record<string, MessageKey> = {
  Accounts: 'noun.Accounts',
  Contacts: 'noun.Contacts',
  Sales_Orders: 'noun.Sales_Orders',
  Products: 'noun.Products',
};

export const nounOf = (module: string): string => (NOUN[module] ? t(NOUN[module]!) : module);

const alongText = (p: BroughtAlong): string =>
  t(p.action === 'failed' ? 'sync.along.failed' : 'sync.along.ok', {
    noun: nounOf(p.module),
    key: p.sageKey ?? '',
    reason: p.reason ?? '',
  });

const SUCCESS: Partial<Record<RecordAction, MessageKey>> = {
  created: 'sync.result.created',
  updated: 'sync.result.updated',
  unchanged: 'sync.result.unchanged',
  echo: 'sync.result.unchanged',
  synced: 'sync.result.synced',
};

export function outcomeOf(result: SyncResult): Outcome {
  const noun = nounOf(result.module);
  const key = result.sageKey ?? '';
  const broughtAlong = (result.broughtAlong ?? [])
    .filter((p) => p.action !== 'unchanged' && p.action !== 'echo')
    .map(alongText);
  const success = SUCCESS[result.action];
  if (success) {
    return {
      tone: 'success',
      title: t(`${success}.title` as MessageKey, { noun }),
      text: t(success, { noun, key }),
      sageKey: result.sageKey ?? undefined,
      note: result.reason ? t('sync.result.note', { reason: result.reason }) : undefined,
      broughtAlong,
    };
  }
  if (result.action === 'conflict') {
    return {
      tone: 'warning',
      title: t('sync.result.conflict.title'),
      text: t('sync.result.conflict', { noun }),
      next: t('sync.next.conflict'),
      broughtAlong,
    };
  }
  if (result.action === 'skipped' || result.action === 'not_synced') {
    return {
      tone: 'warning',
      title: t('sync.result.skipped.title'),
      text: result.reason
        ? t('sync.result.skipped', { reason: result.reason })
        : t('sync.result.notSynced'),
      next: t('sync.next.skipped'),
      broughtAlong,
    };
  }
  return {
    tone: 'error',
    title: t('sync.result.failed.title'),
    text: t('sync.result.failed', { reason: result.reason ?? t('sync.result.noReason') }),
    next: t('sync.next.failed'),
    broughtAlong,
  };
}

/** The refusals "Sync to Sage" can meet, each with its own message and next step. */
export function refusalOf(error: unknown, module: CrmModule): Outcome {
  const noun = nounOf(module);
  const make = (title: MessageKey, text: MessageKey, next?: MessageKey): Outcome => ({
    tone: 'error',
    title: t(title),
    text: t(text, { noun }),
    next: next ? t(next) : undefined,
    broughtAlong: [],
  });
  if (error instanceof ApiError) {
    if (error.code === 'sage_unavailable')
      return make('sync.sageDown.title', 'sync.sageDown', 'sync.next.later');
    if (error.code === 'module_disabled')
      return make('sync.disabled.title', 'sync.disabled', 'sync.next.askAdmin');
    if (error.code === 'read_only_in_sage')
      return make('sync.readOnly.title', 'sync.readOnly', 'sync.next.editInSage');
    if (error.kind === 'rate_limited')
      return make('sync.rateLimited.title', 'sync.rateLimited', 'sync.next.later');
    if (error.kind === 'zoho_unavailable')
      return make('sync.zohoDown.title', 'sync.zohoDown', 'sync.next.later');
    // A refusal the backend explains (409), or a record Zoho no longer has (404): its words.
    if ((error.kind === 'conflict' || error.kind === 'not_found') && error.detail) {
      return {
        ...make('sync.notPossible.title', 'sync.notPossible', 'sync.next.askAdmin'),
        text: error.detail,
      };
    }
  }
  return make('sync.unexpected.title', 'sync.unexpected', 'sync.next.later');
}
