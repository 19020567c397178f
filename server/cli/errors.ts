import { ConfigError } from '../config.js';
import { SecretDecryptionError } from '../security/secret-box.js';
import { TenantNotConnectedError } from '../sync-composition.js';
import { UsageError } from './args.js';

/**
 * The one line an operator sees for an error: the reason, never a stack trace. Node's network
 * failures (an AggregateError with an empty message) are named by their code.
 */
export function errorLine(error: unknown): string {
  if (error instanceof ConfigError) {
    return `invalid configuration: ${error.problems.join('; ')} (see docs/configuration.md)`;
  }
  if (error instanceof SecretDecryptionError) {
    return `${error.message}: the stored secret was sealed with another SECRET_KEY; set that key (or SECRET_KEYS_PREVIOUS) or re-enter the secret`;
  }
  if (error instanceof UsageError || error instanceof TenantNotConnectedError) return error.message;
  return `error: ${errorReason(error)}`;
}

/** The reason alone, for a line that already says what failed. */
export const errorReason = (error: unknown): string =>
  error instanceof ConfigError || error instanceof SecretDecryptionError
    ? errorLine(error)
    : reasonOf(error);

function reasonOf(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0] ?? 'unknown error';
  const code = (error as NodeJS.ErrnoException).code;
  const first = error.message.split('\n')[0]?.trim() ?? '';
  if (first) return code && !first.includes(code) ? `${first} (${code})` : first;
  if (error instanceof AggregateError && depth < 3) {
    const inner = error.errors[0] as unknown;
    if (inner !== undefined) return reasonOf(inner, depth + 1);
  }
  if (error.cause !== undefined && depth < 3) return reasonOf(error.cause, depth + 1);
  return code ?? error.name;
}
