import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from '../logging.js';
import {
  ZohoApiError,
  ZohoAuthError,
  ZohoNotConnectedError,
  ZohoRateLimitedError,
  ZohoScopeError,
  ZohoTokenLimitError,
  ZohoUnavailableError,
} from '../zoho/errors.js';
import { TenantBusyError } from '../jobs/tenant-lock.js';
import { SecretDecryptionError, type StoredSecret } from '../security/secret-box.js';
import { TenantNotConnectedError } from '../sync-composition.js';
import {
  DeleteBrakeError,
  ModuleUnavailableError,
  DailyCreditsExhaustedError,
  DirectionNotAllowedError,
  InvalidMappingError,
  ModuleNeededError,
  SyncError,
} from '../sync/errors.js';
import { HttpProblem, problemBody } from './problem.js';

/** Errors body-parser raises, with the status it attaches. */
interface BodyParserError {
  type: string;
  status?: number;
  limit?: number;
  /** The raw body, on a parse failure. */
  body?: unknown;
}

/** What a body that is JSON but no object or array holds ("null", "a number"), if it is one. */
function topLevelScalar(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'string') return 'a string';
  return undefined;
}

const isBodyParserError = (err: unknown): err is BodyParserError =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as { type?: unknown }).type === 'string' &&
  typeof (err as { status?: unknown }).status === 'number';

/** A 4xx status an error carries (http-errors, body-parser, Express, libraries), if any. */
function clientStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** zlib and brotli failures while body-parser inflates a Content-Encoding'd body. */
const isDecompressionError = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return (
    typeof (err as { errno?: unknown }).errno === 'number' &&
    typeof code === 'string' &&
    (/^Z_/.test(code) || /^ERR_(_ERROR|BROTLI)/.test(code))
  );
};

/** Errors that are the client's doing, whatever their class: its body, its path, a 4xx status. */
function clientProblem(err: unknown, req?: Request): HttpProblem | undefined {
  const status = clientStatus(err);
  if (status === undefined) return undefined;
  if (isDecompressionError(err)) {
    const encoding = String(req?.headers['content-encoding'] ?? 'compressed').toLowerCase();
    return new HttpProblem(
      400,
      'Undecodable body',
      `The request body is not valid ${encoding} data.`,
    );
  }
  if (err instanceof URIError) {
    return new HttpProblem(400, 'Bad path', 'The path holds invalid percent-encoding (not UTF-8).');
  }
  const message = err instanceof Error && err.message ? err.message : 'The request was refused.';
  return new HttpProblem(status, STATUS_CODES[status] ?? 'Bad request', message);
}

/** The one mapping from errors to HTTP. Add domain error classes here, nowhere else. */
export function toProblem(err: unknown, req?: Request): HttpProblem | undefined {
  if (err instanceof HttpProblem) return err;
  const sync = syncProblem(err);
  if (sync) return sync;
  if (err instanceof TenantBusyError) {
    return new HttpProblem(409, 'A sync is running', err.message, { code: err.code });
  }
  if (err instanceof TenantNotConnectedError) {
    return new HttpProblem(409, 'Not connected', err.message);
  }
  if (err instanceof SecretDecryptionError) {
    return new HttpProblem(409, 'Stored secret unreadable', reEnter(err.secret), {
      code: 'secret_unreadable',
      secret: err.secret ?? null,
    });
  }
  // Zoho CRM (server/zoho/errors.ts): what the admin can act on, without Zoho's internals.
  if (err instanceof ZohoNotConnectedError) {
    return new HttpProblem(
      409,
      'Zoho not connected',
      'An administrator must connect Zoho CRM first.',
    );
  }
  if (err instanceof ZohoAuthError) {
    return new HttpProblem(
      409,
      'Zoho connection lost',
      'Zoho refused the stored grant: reconnect Zoho CRM.',
    );
  }
  if (err instanceof ZohoScopeError) {
    // A retry cannot help: the grant lacks a scope until the admin reconnects.
    return new HttpProblem(409, 'Zoho scope missing', err.message);
  }
  if (err instanceof ZohoRateLimitedError || err instanceof ZohoTokenLimitError) {
    return new HttpProblem(
      503,
      'Zoho rate limit',
      'Zoho CRM is limiting requests: try again in a few minutes.',
    );
  }
  if (err instanceof ZohoUnavailableError || err instanceof ZohoApiError) {
    return new HttpProblem(
      502,
      'Zoho error',
      'Zoho CRM did not complete the request: try again later.',
    );
  }
  if (isBodyParserError(err)) {
    switch (err.type) {
      case 'entity.parse.failed': {
        // The JSON parser takes only an object or array at the top (strict): `null`, a number or
        // a string is valid JSON, refused for what it is, not as "not valid JSON".
        const what = topLevelScalar(err.body);
        if (what) {
          return new HttpProblem(
            400,
            'Invalid request body',
            `The request body must be a JSON object (it was ${what}).`,
          );
        }
        return new HttpProblem(400, 'Malformed JSON', 'The request body is not valid JSON.');
      }
      case 'entity.too.large':
        return new HttpProblem(
          413,
          'Payload too large',
          `The request body exceeds the limit of ${err.limit} bytes.`,
        );
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new HttpProblem(
          415,
          'Unsupported encoding',
          'The request body encoding is not supported.',
        );
      default:
        if (err.status && err.status >= 400 && err.status < 500) {
          return new HttpProblem(err.status, 'Bad request', 'The request body could not be read.');
        }
    }
  }
  return clientProblem(err, req);
}

/**
 * What to re-enter when a stored secret cannot be opened: it was sealed with a SECRET_KEY this
 * server no longer has (a lost or changed key, a restored backup). Saving it again repairs it.
 */
function reEnter(secret: StoredSecret | undefined): string {
  const why = 'cannot be opened: it was sealed with a secret key this server does not have.';
  switch (secret) {
    case 'sage_password':
      return `The stored Sage 100 password ${why} Enter the Sage password again in the Sage 100 settings and save.`;
    case 'sage_agent_token':
      return `The stored Sage 100 agent token ${why} Enter the agent token again in the Sage 100 settings and save.`;
    case 'zoho_refresh_token':
      return `The stored Zoho CRM grant ${why} Connect Zoho CRM again (or disconnect and connect).`;
    default:
      return `A stored secret ${why} Re-enter the Sage 100 settings and reconnect Zoho CRM.`;
  }
}

/** The engine's typed failures (server/sync/errors.ts), by code. */
function syncProblem(err: unknown): HttpProblem | undefined {
  if (!(err instanceof SyncError)) return undefined;
  if (err instanceof DirectionNotAllowedError) {
    return new HttpProblem(422, 'Direction not allowed', err.message, {
      code: err.code,
      module: err.module,
      allowed: err.allowed,
    });
  }
  if (err instanceof ModuleNeededError) {
    return new HttpProblem(409, 'Module needed', err.message, {
      code: err.code,
      module: err.module,
      neededBy: err.neededBy,
    });
  }
  if (err instanceof InvalidMappingError) {
    return new HttpProblem(422, 'Invalid mapping', err.message, {
      code: err.code,
      problems: err.problems,
    });
  }
  if (err instanceof ModuleUnavailableError) {
    // The org lacks the module: nothing was attempted; `action` says what makes it available.
    return new HttpProblem(409, 'Module unavailable', err.message, {
      code: err.code,
      module: err.module,
      ...(err.action ? { action: err.action } : {}),
    });
  }
  if (err instanceof DailyCreditsExhaustedError) {
    return new HttpProblem(409, 'Daily credits used', err.message, {
      code: err.code,
      used: err.used,
      budget: err.budget,
      dailyCredits: err.dailyCredits,
    });
  }
  if (err instanceof DeleteBrakeError) {
    return new HttpProblem(409, 'Delete brake', err.message, {
      code: err.code,
      wouldRemove: err.wouldRemove,
      linked: err.linked,
      brakePercent: err.brakePercent,
    });
  }
  const byCode: Record<string, [number, string]> = {
    unknown_module: [404, 'Unknown module'],
    not_found: [404, 'Not found'],
    module_disabled: [409, 'Module disabled'],
    key_field_missing: [409, 'Key field missing'],
    opt_in_field_missing: [409, 'Opt-in field missing'],
    already_resolved: [409, 'Already resolved'],
    already_decided: [409, 'Already decided'],
    not_replayable: [409, 'Not replayable'],
    dry_run: [409, 'Dry run'],
  };
  const [status, title] = byCode[err.code] ?? [422, 'Sync refused'];
  return new HttpProblem(status, title, err.message, { code: err.code });
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpProblem(404, 'Not found', `No route for ${req.method} ${req.path}.`));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    let problem = toProblem(err, req);
    if (!problem) {
      // Unknown: log with context, show nothing of it.
      logger.error({ err, requestId, method: req.method, path: req.path }, 'unhandled error');
      problem = new HttpProblem(
        500,
        'Internal server error',
        'Something went wrong. Quote the request id when reporting it.',
      );
    }
    if (res.headersSent) return;
    res
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify(problemBody(problem, requestId)));
  };
}
