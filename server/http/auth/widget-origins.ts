/**
 * Origins a sign-in popup may hand a session token to, and that the API answers CORS for: only the
 * extension's own widget origins, as the operator lists them in WIDGET_ORIGINS. Zoho hosts each
 * widget of an extension on its own subdomain of zappsusercontent.com (or a regional domain), so
 * the exact origins are the safe setting; a wildcard entry such as
 * `https://*.zappsusercontent.com` matches every Zoho-hosted widget of every vendor and is honoured
 * only because the operator wrote it (an explicit opt-in, never a default).
 */

/** A WIDGET_ORIGINS entry: an exact origin, or `https://*.<domain>` for any subdomain of it. */
export const WIDGET_ORIGIN_ENTRY =
  /^(https:\/\/\*\.[a-z0-9-]+(\.[a-z0-9-]+)+|https?:\/\/[a-z0-9.-]+(:\d{1,5})?|https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?)$/i;

const sameOrigin = (value: string): string | undefined => {
  try {
    const origin = new URL(value).origin;
    return origin === value ? origin : undefined;
  } catch {
    return undefined;
  }
};

function matches(origin: string, entry: string): boolean {
  const wildcard = /^https:\/\/\*\.(.+)$/i.exec(entry);
  if (!wildcard) return sameOrigin(entry.toLowerCase()) === origin;
  const domain = wildcard[1]!.toLowerCase();
  const url = new URL(origin);
  if (url.protocol !== 'https:' || url.port !== '') return false;
  const host = url.hostname;
  return (
    host.endsWith(`.${domain}`) &&
    /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host.slice(0, -domain.length - 1))
  );
}

/** True only for an origin (scheme, host, port; nothing else) one of the configured entries names. */
export function isAllowedWidgetOrigin(origin: string, allowed: readonly string[]): boolean {
  if (sameOrigin(origin) === undefined) return false;
  return allowed.some((entry) => matches(origin, entry));
}
