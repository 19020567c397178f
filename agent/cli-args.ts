/** `npm run agent` arguments. Anything else is refused: a mistyped `--config` ran the demo. */

export const AGENT_USAGE = 'Usage: npm run agent -- [--config agent/agent.config.json] [--demo]';

export type AgentArgs =
  | { kind: 'run'; config?: string; demo: boolean }
  | { kind: 'help' }
  | { kind: 'invalid'; message: string };

export function parseAgentArgs(argv: string[]): AgentArgs {
  let config: string | undefined;
  let demo = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--demo') demo = true;
    else if (arg === '--config') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) {
        return { kind: 'invalid', message: '--config expects a file' };
      }
      config = value;
    } else return { kind: 'invalid', message: `unknown argument ${arg}` };
  }
  return { kind: 'run', config, demo };
}
