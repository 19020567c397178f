import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { onFreePort } from '../test/sandbox.js';
import { ListenError, startBackend } from './composition.js';
import { parseConfig } from './config.js';
import { createLogger } from './logging.js';

let taken: net.Server;
let port: number;
beforeAll(async () => {
  taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  port = (taken.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((resolve) => taken.close(resolve)));

const configOn = (p: number) =>
  parseConfig({
    NODE_ENV: 'test',
    PORT: String(p),
    SECRET_KEY: 'a'.repeat(64),
    DATABASE_URL: `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'listen-')), 'sync.db')}`,
    ZOHO_SANDBOX: 'true',
  });

it('says in one line that PORT is taken, instead of failing on the address it never got', async () => {
  const started = startBackend(configOn(port), createLogger('silent'));
  await expect(started).rejects.toBeInstanceOf(ListenError);
  await expect(started).rejects.toMatchObject({
    code: 'EADDRINUSE',
    message: `cannot listen on 127.0.0.1:${port}: the port is already in use (set PORT to a free one)`,
  });
}, 30_000);

it('lets the test harness start again on another port when one was taken', async () => {
  const tried: number[] = [];
  const backend = await onFreePort((p) => {
    tried.push(p);
    return startBackend(configOn(tried.length === 1 ? port : p), createLogger('silent'));
  });
  try {
    expect(tried.length).toBe(2);
    expect((await fetch(`${backend.url}/healthz`)).status).toBe(200);
  } finally {
    await backend.close();
  }
}, 30_000);

it('a second start on a port in use leaves the running sandbox’s tenant as it was', async () => {
  // `npm start` twice: the second must fail before it re-points the shared database's sandbox
  // tenant at its own simulators, which die with it (the first's syncs then all fail).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listen-twice-'));
  const configAt = (p: number) =>
    parseConfig({
      NODE_ENV: 'test',
      PORT: String(p),
      SECRET_KEY: 'a'.repeat(64),
      DATABASE_URL: `sqlite:${path.join(dir, 'sync.db')}`,
      ZOHO_SANDBOX: 'true',
    });
  const first = await onFreePort((p) => startBackend(configAt(p), createLogger('silent')));
  try {
    const tenantId = first.sandbox!.tenantId;
    const before = await first.repos.sageConnections.get(tenantId);
    const again = startBackend(configAt(Number(new URL(first.url).port)), createLogger('silent'));
    await expect(again).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const after = await first.repos.sageConnections.get(tenantId);
    expect(after?.endpointUrl).toBe(before?.endpointUrl);
    expect(after?.agentUrl).toBe(before?.agentUrl);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  } finally {
    await first.close();
  }
}, 60_000);
