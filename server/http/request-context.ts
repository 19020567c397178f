import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logging.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (a caller's X-Request-Id if well-formed) and logs one line per
 * request. The query string is left out of the line: OAuth codes and tokens travel there.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    // Read now: a mounted router strips its prefix from req.path while it handles the request,
    // so at 'finish' "/api/v1/runs" would be logged as "/runs".
    const path = req.path;
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          requestId,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
