/**
 * Origins a sign-in popup may hand a session token to: Zoho-hosted widgets (per-widget subdomains
 * of zappsusercontent.com and its regional domains) and any the operator lists (WIDGET_ORIGINS).
 */
const ZOHO_WIDGET_HOST =
  /^https:\/\/([a-z0-9-]+\.)+zappsusercontent\.(com|eu|in|com\.au|com\.cn|jp|ca|sa|uk)$/;

export function isAllowedWidgetOrigin(origin: string, extra: string[]): boolean {
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return false;
  }
  if (normalised !== origin) return false;
  return ZOHO_WIDGET_HOST.test(origin) || extra.some((e) => new URL(e).origin === origin);
}
