/**
 * Errors the HTTP layer shows to users, as RFC 9457 problem details. Domain errors are turned into
 * these in one place (error-handler.ts); anything else becomes a 500 without internals.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://sage100-zoho-sync.dev/problems/';

export function problemBody(problem: HttpProblem, requestId?: string): ProblemBody {
  const slug = problem.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');
  return {
    type: `${TYPE_BASE}${slug}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...problem.extensions,
    ...(requestId ? { requestId } : {}),
  };
}
