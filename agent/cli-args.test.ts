import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentArgs } from './cli-args.js';

describe('npm run agent arguments', () => {
  it('reads --config and --demo, and refuses anything else', () => {
    expect(parseAgentArgs(['--config', 'a.json', '--demo'])).toEqual({
      kind: 'run',
      config: 'a.json',
      demo: true,
    });
    expect(parseAgentArgs([])).toEqual({ kind: 'run', config: undefined, demo: false });
    expect(parseAgentArgs(['--conifg', 'a.json'])).toEqual({
      kind: 'invalid',
      message: 'unknown argument --conifg',
    });
    expect(parseAgentArgs(['--config'])).toEqual({
      kind: 'invalid',
      message: '--config expects a file',
    });
    expect(parseAgentArgs(['--config', '--demo']).kind).toBe('invalid');
    expect(parseAgentArgs(['--help']).kind).toBe('help');
  });

  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'agent/cli.ts', ...args], {
        cwd: path.resolve(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      // Before the fix both started the demo agent and listened: stop it, the test then fails.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });

  it('prints its usage for --help, and exits 2 on a mistyped option without starting', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out.trim()).toBe(
      'Usage: npm run agent -- [--config agent/agent.config.json] [--demo]',
    );
    const typo = await run(['--conifg', 'agent/agent.example.json']);
    expect(typo.code).toBe(2);
    expect(typo.err.trim()).toBe(
      'agent: unknown argument --conifg\nUsage: npm run agent -- [--config agent/agent.config.json] [--demo]',
    );
  }, 40_000);
});
