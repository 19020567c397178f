import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { FAKE_SDK_PATH, fakeZohoSdkSource } from './fake-zoho-sdk.js';

/**
 * Serves the built widget (`app/`) to the sandbox CRM the way Zoho's internal hosting does: each
 * location from an origin of its own (a loopback port here, a zappsusercontent.com subdomain at
 * Zoho). Two things differ from the uploaded zip, both in the HTML only: Zoho's SDK script
 * is replaced by the sandbox's fake SDK, and the backend meta names this backend.
 */

export const LOCATION_IDS = ['sync', 'status', 'settings'] as const;
export type LocationId = (typeof LOCATION_IDS)[number];

export interface WidgetHosts {
  origins: Record<LocationId, string>;
  /** False when `npm run widget:build` has not produced app/ yet. */
  built: boolean;
  close(): Promise<void>;
}

const ZOHO_SDK = /<script src="https:\/\/live\.zwidgets\.com\/[^"]+"><\/script>/;

/** The repository's app/ folder, from server/sandbox (tsx) or dist/server/sandbox (built). */
export function appDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return path.join(dir, 'app');
}

function hostApp(dir: string, backendUrl: string, crmOrigin: () => string) {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // Only the sandbox CRM may frame these pages, as only Zoho frames the hosted widget.
    res.setHeader('Content-Security-Policy', `frame-ancestors ${crmOrigin()}`);
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.get(FAKE_SDK_PATH, (_req, res) => {
    res.type('application/javascript').send(fakeZohoSdkSource());
  });
  app.get('/:page.html', (req, res, next) => {
    const file = path.join(dir, `${path.basename(req.params.page)}.html`);
    if (!fs.existsSync(file)) return next();
    const html = fs
      .readFileSync(file, 'utf8')
      .replace(ZOHO_SDK, `<script src="${FAKE_SDK_PATH}"></script>`)
      .replace(
        /<meta name="sage100-sync-backend" content="[^"]*">/,
        `<meta name="sage100-sync-backend" content="${backendUrl}">`,
      );
    res.type('html').send(html);
  });
  app.use(express.static(dir, { index: false, fallthrough: true }));
  return app;
}

export async function startWidgetHosts(options: {
  backendUrl: string;
  host: string;
  dir?: string;
}): Promise<WidgetHosts> {
  const dir = options.dir ?? appDir();
  const crmOrigin = new URL(options.backendUrl).origin;
  const servers: Server[] = [];
  const origins = {} as Record<LocationId, string>;
  for (const id of LOCATION_IDS) {
    const server = await new Promise<Server>((resolve, reject) => {
      const s = hostApp(dir, options.backendUrl, () => crmOrigin).listen(0, options.host, () =>
        resolve(s),
      );
      s.once('error', reject);
    });
    servers.push(server);
    origins[id] = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  }
  return {
    origins,
    built: fs.existsSync(path.join(dir, 'sync.html')),
    close: async () => {
      await Promise.all(
        servers.map((s) => {
          s.closeAllConnections();
          return new Promise<void>((r) => s.close(() => r()));
        }),
      );
    },
  };
}
