import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import {
  AGENT_KEEP_ALIVE_MS,
  AGENT_PATH,
  AGENT_PORT_NAME,
  AGENT_SERVICE_NAME,
  readAgentWsdl,
} from './contract.js';
import { cleanRequestFaults } from './request-faults.js';
import { escapeXmlResponse } from './xml-chars.js';
import { createAgentHandlers, type AgentServiceOptions } from './service.js';

export interface AgentListenOptions extends AgentServiceOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** PEM certificate and key: with them the agent serves HTTPS only. */
  tls?: { cert: string; key: string };
  /** Idle keep-alive lifetime; AGENT_KEEP_ALIVE_MS unless a test shortens it. */
  keepAliveTimeoutMs?: number;
}

export interface RunningAgent {
  /** The SOAP endpoint, e.g. https://sage-server:8790/agent. */
  url: string;
  /** The listening server (the simulator wraps its request handling to add latency). */
  server: http.Server | https.Server;
  close(): Promise<void>;
}

/** Serves the agent's SOAP endpoint (and its WSDL at ?wsdl) over HTTP or HTTPS. */
export async function startAgentServer(options: AgentListenOptions): Promise<RunningAgent> {
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key })
    : http.createServer();
  // Keep idle connections longer than the backend's client does (see AGENT_KEEP_ALIVE_MS); the
  // headers timeout must exceed it or Node closes a reused socket mid-request.
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? AGENT_KEEP_ALIVE_MS;
  server.headersTimeout = server.keepAliveTimeout + 5_000;
  // Anything outside the SOAP path is not ours to answer.
  server.on('request', (req, res) => {
    if (!req.url?.startsWith(AGENT_PATH)) {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  const soapServer = soap.listen(server, {
    path: AGENT_PATH,
    services: { [AGENT_SERVICE_NAME]: { [AGENT_PORT_NAME]: createAgentHandlers(options) } },
    xml: readAgentWsdl(),
  });
  // Control characters read from Sage go out as character references (agent/xml-chars.ts).
  server.prependListener('request', (_req, res) => escapeXmlResponse(res));
  // node-soap logs every request through this hook; the agent keeps only its own logs.
  soapServer.log = () => undefined;
  cleanRequestFaults(soapServer, options.logger);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  options.logger.info({ url: `${scheme}://${host}:${port}${AGENT_PATH}` }, 'agent listening');
  return {
    url: `${scheme}://${host}:${port}${AGENT_PATH}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
