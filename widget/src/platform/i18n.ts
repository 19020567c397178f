import en from '../../translations/en.json' with { type: 'json' };

/**
 * Every string the widget shows comes from `translations/<lang>.json` (ZET's layout: the build
 * copies the folder to `app/translations/`). English is bundled so the first paint needs no
 * request; `{name}` placeholders are filled from `vars`.
 */
export type MessageKey = keyof typeof en;
type Dictionary = Record<MessageKey, string>;

let dictionary: Dictionary = en;

/** Switches to another language's strings (falls back to English key by key). */
export function useDictionary(messages: Partial<Dictionary>): void {
  dictionary = { ...en, ...messages };
}

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
