/**
 * Builds the widget into `app/` in ZET's layout: one page per location (`app/<id>.html`) with a
 * classic-script bundle (`app/js/<id>.js`, IIFE: Zoho's hosting of module scripts is unverified)
 * and its stylesheet (`app/css/<id>.css`), plus `app/translations/`. No source maps and no `.mjs`:
 * `zet validate` refuses them. The backend's URL is written into each page from
 * WIDGET_BACKEND_URL (default: the local sandbox's http://127.0.0.1:3000).
 *
 * Usage: tsx widget/build.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { build } from 'vite';
import en from './translations/en.json' with { type: 'json' };
import { LOCATIONS } from './src/locations.js';

const widgetDir = path.dirname(fileURLToPath(import.meta.url));
export const APP_DIR = path.resolve(widgetDir, '..', 'app');
/** Zoho's embedded-app SDK, loaded by CRM's widget pages; not on npm and never bundled. */
export const ZOHO_SDK_URL = 'https://live.zwidgets.com/js-sdk/1.5/ZohoEmbededAppSDK.min.js';

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageHtml(id: string, title: string, backendUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="sage100-sync-backend" content="${escapeAttr(backendUrl)}">
<title>${escapeAttr(title)}</title>
<link rel="stylesheet" href="css/${id}.css">
<script src="${ZOHO_SDK_URL}"></script>
</head>
<body>
<div id="app"></div>
<script src="js/${id}.js"></script>
</body>
</html>
`;
}

export async function buildWidget(backendUrl: string, appDir = APP_DIR): Promise<void> {
  new URL(backendUrl); // throws on a value that is not a URL
  fs.rmSync(appDir, { recursive: true, force: true });
  for (const location of LOCATIONS) {
    await build({
      configFile: false,
      root: widgetDir,
      logLevel: 'warn',
      plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: appDir,
        emptyOutDir: false,
        sourcemap: false,
        minify: true,
        target: 'es2020',
        copyPublicDir: false,
        reportCompressedSize: false,
        lib: {
          entry: path.join(widgetDir, location.entry),
          formats: ['iife'],
          name: `Sage100Sync_${location.id}`,
          fileName: () => `js/${location.id}.js`,
          cssFileName: `css/${location.id}`,
        },
      },
    });
    fs.writeFileSync(
      path.join(appDir, `${location.id}.html`),
      pageHtml(location.id, en[location.title], backendUrl),
    );
  }
  fs.mkdirSync(path.join(appDir, 'translations'), { recursive: true });
  for (const file of fs.readdirSync(path.join(widgetDir, 'translations'))) {
    fs.copyFileSync(
      path.join(widgetDir, 'translations', file),
      path.join(appDir, 'translations', file),
    );
  }
}

/** The backend app/ is built for: WIDGET_BACKEND_URL, else the local `npm start`. */
export const builtBackendUrl = (): string =>
  process.env.WIDGET_BACKEND_URL || 'http://127.0.0.1:3000';

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const backend = builtBackendUrl();
  await buildWidget(backend);
  process.stdout.write(`widget built into app/ for backend ${backend}\n`);
}
