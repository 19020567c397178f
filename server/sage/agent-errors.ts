/**
 * What can go wrong talking to the on-premises agent, as types the engine can branch on. Every
 * error names the agent's host, because the operator's first question is "which machine?".
 */
export abstract class AgentError extends Error {
  abstract readonly kind: 'auth' | 'transport' | 'fault' | 'response';
  constructor(
    readonly host: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The agent refused the token: the tenant's agent token does not match the agent's config. */
export class AgentAuthError extends AgentError {
  readonly kind = 'auth';
  constructor(host: string) {
    super(
      host,
      `the Sage agent at ${host} rejected the agent token; check it matches the agent's config`,
    );
  }
}

/** The agent could not be reached or did not answer in SOAP (down, firewall, TLS, timeout). */
export class AgentTransportError extends AgentError {
  readonly kind = 'transport';
  constructor(
    host: string,
    /** The low-level reason, e.g. ECONNREFUSED, ETIMEDOUT, HTTP 404, SELF_SIGNED_CERT_IN_CHAIN. */
    readonly reason: string,
    cause?: unknown,
  ) {
    super(host, `the Sage agent at ${host} cannot be reached (${reason})`, { cause });
  }
}

export type AgentFaultCode = 'InvalidRequest' | 'NotFound' | 'DataSourceError' | 'Unknown';

/** The agent answered with a fault other than authentication. */
export class AgentFaultError extends AgentError {
  readonly kind = 'fault';
  constructor(
    host: string,
    readonly code: AgentFaultCode,
    readonly detail: string,
  ) {
    super(host, `the Sage agent at ${host} answered ${code}: ${detail}`);
  }
}

/** The agent's answer did not match its contract (wrong version, or a malformed message). */
export class AgentResponseError extends AgentError {
  readonly kind = 'response';
  constructor(host: string, detail: string) {
    super(host, `the Sage agent at ${host} sent an answer outside its contract: ${detail}`);
  }
}
