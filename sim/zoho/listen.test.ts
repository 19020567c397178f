import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startZohoSimulator } from './server.js';

let taken: net.Server;
let port: number;
beforeAll(async () => {
  taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  port = (taken.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((resolve) => taken.close(resolve)));

it('refuses a port in use with the listen error (it read the address of a server that never listened)', async () => {
  await expect(startZohoSimulator({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
});

it('npm run sim:zoho on a port in use says so in one line and exits 2', async () => {
  const res = await new Promise<{ code: number | null; err: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sim/zoho/cli.ts', '--port', String(port)],
      { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
  expect(res).toEqual({
    code: 2,
    err: `cannot listen on 127.0.0.1:${port}: the port is already in use\n`,
  });
}, 30_000);
