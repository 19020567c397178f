/**
 * The backend's URL, written into each page at build time (`WIDGET_BACKEND_URL`) as
 * `<meta name="sage100-sync-backend">`. It is never taken from the iframe's URL or from Zoho, so a
 * page that frames the widget cannot point it elsewhere.
 */
export function backendUrl(doc: Document = document): string {
  const value = doc.querySelector('meta[name="sage100-sync-backend"]')?.getAttribute('content');
  if (!value) throw new Error('this page names no backend (meta sage100-sync-backend)');
  return value.replace(/\/+$/, '');
}
