/** A small argv parser for the operator CLIs: `command --key value --flag`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  command?: string;
  options: Map<string, string | true>;
  /** Options given without a value: reported by allowOnly, after an unknown name. */
  missing?: Set<string>;
}

export function parseArgs(argv: string[], flags: readonly string[] = []): ParsedArgs {
  const options = new Map<string, string | true>();
  const missing = new Set<string>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      if (flags.includes(name)) {
        options.set(name, true);
      } else if (inline !== undefined) {
        options.set(name, inline);
      } else {
        const value = argv[i + 1];
        // A mistyped flag (--dryrun) looks like an option without its value: which it is, is
        // known only to allowOnly, so the name is kept and the value reported missing there.
        if (value === undefined || value.startsWith('--')) {
          missing.add(name);
          options.set(name, true);
          continue;
        }
        options.set(name, value);
        i++;
      }
    } else if (!command) {
      command = arg;
    } else {
      throw new UsageError(`unexpected argument "${arg}"`);
    }
  }
  return { command, options, missing };
}

/** `--help` or `-h` anywhere: the command prints its usage instead of running. */
export const asksForHelp = (argv: readonly string[]): boolean =>
  argv.some((arg) => arg === '--help' || arg === '-h');

export function allowOnly(args: ParsedArgs, allowed: readonly string[]): void {
  for (const name of args.options.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
  for (const name of args.missing ?? []) throw new UsageError(`--${name} needs a value`);
}

export const optionText = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
};

/** Where a command writes: stdout for results, stderr for problems. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}
