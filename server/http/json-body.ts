import type { RequestHandler } from 'express';
import { HttpProblem } from './problem.js';

/**
 * The API's bodies are JSON. A body of another type (text/plain, a form, none named) was never
 * parsed, so its route saw an empty body and answered 200 having changed nothing; it is a 415
 * instead. Requests without a body (GET, a bodiless POST) pass.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  // type-is counts `Content-Length: 0` (a bodiless fetch POST) as a body; it is none.
  if (req.headers['content-length'] === '0') return next();
  if (req.is('application/json') !== false) return next();
  const given = req.headers['content-type'];
  next(
    new HttpProblem(
      415,
      'Unsupported media type',
      given
        ? `The request body is ${given}; send it as application/json.`
        : 'The request body has no Content-Type; send it as application/json.',
    ),
  );
};
