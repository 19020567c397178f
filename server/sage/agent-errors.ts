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
    super(host, `the Sage agent at ${host} cannot be reached (${reason})${agentHint(reason)}`, {
      cause,
    });
  }
}

/**
 * What the operator on call should check for a transport reason: the low-level code alone
 * ("ECONNREFUSED") tells someone who has never seen the agent nothing about where to look.
 */
export function agentHint(reason: string): string {
  if (reason === 'ECONNREFUSED') {
    return ': nothing answers on that port. Check that the Sage100Agent service is running on that machine and that the agent URL in the Sage settings names its port (default 8790)';
  }
  if (reason === 'ENOTFOUND' || reason === 'EAI_AGAIN') {
    return ': that host name does not resolve. Check the agent URL in the Sage settings';
  }
  if (/^(ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.test(reason)) {
    return ': no answer from that machine. Check that it is on, and that Windows Firewall on it lets this server reach the agent port';
  }
  if (reason === 'ECONNRESET' || reason === 'EPIPE') {
    return ': the connection was closed mid-call. Check any proxy or firewall between this server and the agent; the next run tries again';
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(reason)) {
    return ": the agent's certificate was not trusted. Give the agent a certificate from a trusted CA, or add its CA to NODE_EXTRA_CA_CERTS (docs/agent.md)";
  }
  if (reason === 'HTTP 404') {
    return ': something other than the agent answers at that address. Check the agent URL in the Sage settings';
  }
  return '';
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
