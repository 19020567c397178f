import { t as platformT, type MessageKey } from '../platform/i18n.js';

/**
 * The platform's translations (translations/en.json) for the settings screens, which build some
 * keys from values (`settings.status.${status}`): an unknown value shows its key instead of
 * breaking the screen. A test checks every literal key used here exists.
 */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

const translate: Translate = (key, vars) => {
  try {
    return platformT(key as MessageKey, vars);
  } catch {
    return key;
  }
};

export const useT = (): Translate => translate;
