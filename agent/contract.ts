import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The agent's WSDL. The agent serves it and the backend's feed client builds its SOAP client from
 * the same file, so the two ends cannot drift (docs/adr/0001).
 */
const WSDL_CANDIDATES = [
  // Beside this module when run from source (tsx), or from dist/agent/ beside the source tree.
  new URL('./contract/agent.wsdl', import.meta.url),
  new URL('../../agent/contract/agent.wsdl', import.meta.url),
].map((url) => fileURLToPath(url));
export const AGENT_WSDL_PATH =
  WSDL_CANDIDATES.find((file) => fs.existsSync(file)) ?? (WSDL_CANDIDATES[0] as string);
export const AGENT_SERVICE_NAME = 'Sage100AgentService';
export const AGENT_PORT_NAME = 'AgentPort';
/** The HTTP path the agent answers on (and serves ?wsdl at). */
export const AGENT_PATH = '/agent';

/**
 * How long the agent keeps an idle keep-alive connection open. The backend's client drops its idle
 * sockets well before this (AGENT_CLIENT_IDLE_MS), so it never sends a request on a socket the
 * agent is closing: with Node's default of 5 s both sides raced and feed calls after an idle gap
 * failed with ECONNRESET.
 */
export const AGENT_KEEP_ALIVE_MS = 65_000;
/** The backend client's idle-socket lifetime: shorter than the agent's keep-alive. */
export const AGENT_CLIENT_IDLE_MS = 30_000;

export function readAgentWsdl(): string {
  return fs.readFileSync(AGENT_WSDL_PATH, 'utf8');
}
