import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The CLI as an operator runs it: a real process, printing its WSDL URL, company and user. */
describe('npm run sim:sage', () => {
  it('loads --data, prints what a client needs, and serves the WSDL it printed', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sage-cli-')), 'company.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        companies: [{ CompanyCode: 'TST', CompanyName: 'Test Co', timeZone: 'America/Denver' }],
        users: [{ UserLogon: 'api', Password: 'secret' }],
      }),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sim/sage100/cli.ts', '--port', '0', '--data', file],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Lengths:')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect(out).toContain('Company code:  TST (Test Co, America/Denver, web services on)');
      expect(out).toContain('User:          api / secret');
      const wsdlUrl = /WSDL:\s+(\S+)/.exec(out)?.[1] ?? '';
      expect(wsdlUrl).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/eBusinessWebServices\/MasBasicWsdl\.svc\?wsdl$/,
      );
      const wsdl = await (await fetch(wsdlUrl)).text();
      expect(wsdl).toContain('<wsdl:service name="MasBasicWsdl">');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('says in one line why a --data file cannot be loaded, without a stack trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sage-cli-'));
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"companies":');
    const run = (file: string) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'sim/sage100/cli.ts', '--port', '0', '--data', file],
          { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let err = '';
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('exit', (code) => resolve({ code, err }));
      });
    for (const file of [path.join(dir, 'missing.json'), path.join(dir, 'bad.json')]) {
      const { code, err } = await run(file);
      expect(code).toBe(2);
      expect(err.trim()).toMatch(new RegExp(`^cannot read ${file}: [^\\n]+$`));
    }
  }, 30_000);

  it('says in one line that --port is taken, and exits 2', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const { code, err } = await new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'sim/sage100/cli.ts', '--port', String(port), '--no-agent'],
          { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let err = '';
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('exit', (code) => resolve({ code, err }));
      });
      expect(code).toBe(2);
      expect(err.trim()).toBe(`cannot listen on 127.0.0.1:${port}: the port is already in use`);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  }, 30_000);
});
