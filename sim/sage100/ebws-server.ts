import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import soap from 'soap';
import type { LengthProfile } from '../../server/sage/contracts.js';
import { PORT_NAME, SERVICE_NAME, buildWsdl } from '../../server/sage/wsdl/build-wsdl.js';
import { WSDL_PATH, XSD_PATH } from '../../server/sage/wsdl/files.js';
import { escapeXmlResponse } from '../../agent/xml-chars.js';
import { answerNoSoonerThan } from '../shared/answer-floor.js';
import { NULL_DATE_TIME } from './contract-records.js';
import type { EbwsContext } from './ebws-context.js';
import { customerOperations } from './ebws-customers.js';
import { salesOrderOperations } from './ebws-sales-orders.js';
import { checkedLatency, FaultInjector } from './fault-injection.js';
import { MasFaultError, ServerExceptionError, toSoapFault } from './mas-fault.js';
import type { SageStore } from './store.js';
import { operationOfAction, readWcfRequest } from './wcf-request.js';

/**
 * The eBWS simulator: MasBasicWsdl.svc over HTTP or HTTPS on 127.0.0.1, served by the `soap`
 * package from the same WSDL/XSD the client loads. Like a WCF host it answers `?wsdl` (with the
 * schema imported from `?xsd=xsd0` at its own absolute URL, as a real server does) and SOAP 1.1
 * POSTs. Every call checks logon and company; faults come back in Sage's shape.
 */

export const EBWS_PATH = '/eBusinessWebServices/MasBasicWsdl.svc';

export interface SageSimulatorOptions {
  store: SageStore;
  port?: number;
  host?: string;
  https?: { cert: string; key: string };
  lengthProfile?: LengthProfile;
  /** Assembly version reported by GetContractInformation. */
  assemblyVersion?: string;
  /**
   * A steady latency of every SOAP call, in ms (benchmarks: a real server's ~200 ms per call):
   * the answer leaves that long after the request arrived, the simulator's own work included.
   * A setting, not a fault: `faults.clear()` leaves it; `setLatency` changes it.
   */
  latencyMs?: number;
}

export interface SageSimulator {
  /** The SOAP endpoint (what an admin types as the Web Services URL, without ?wsdl). */
  url: string;
  wsdlUrl: string;
  faults: FaultInjector;
  /** Operation names received, in order (for tests: "was GetNextCustomerNo called once?"). */
  calls: string[];
  server: http.Server;
  /** The steady per-call latency in ms (0 = none); applies to calls received from now on. */
  setLatency(ms: number): void;
  readonly latencyMs: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSageSimulator(options: SageSimulatorOptions): Promise<SageSimulator> {
  const faults = new FaultInjector();
  const calls: string[] = [];
  let latencyMs = checkedLatency(options.latencyMs ?? 0);
  const ctx: EbwsContext = {
    store: options.store,
    faults,
    lengthProfile: options.lengthProfile ?? '2023',
  };
  const operations: Record<string, (args: Record<string, unknown>) => unknown> = {
    GetContractInformation: () => ({
      GetContractInformationResult: {
        AssemblyVersion: options.assemblyVersion ?? '2023.0.0.0',
        ContractVersion: 1,
        NullDateTime: NULL_DATE_TIME,
      },
    }),
    GetDiagnosticInformation: () => {
      throw new MasFaultError(
        'WS_RemoteDiagnostics',
        "'AllowRemoteDiagnostics' must be set to 'True' to access this method remotely.",
      );
    },
    ...customerOperations(ctx),
    ...salesOrderOperations(ctx),
  };

  // Each operation: injected exception, then the handler; any non-Sage error becomes the opaque
  // "An exception occurred." fault, as WCF hides server exceptions.
  const port: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(operations)) {
    port[name] = async (args) => {
      calls.push(name);
      try {
        if (faults.takeException(name)) throw new ServerExceptionError();
        return await handler(args ?? {});
      } catch (err) {
        throw toSoapFault(err);
      } finally {
        faults.carriedOut(name);
      }
    };
  }

  const server = options.https
    ? https.createServer({ cert: options.https.cert, key: options.https.key })
    : http.createServer();
  server.on('request', (_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const host = options.host ?? '127.0.0.1';
  // A port that is taken rejects (the CLI names it) rather than an unhandled 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const base = `${options.https ? 'https' : 'http'}://${host}:${address.port}`;

  await new Promise<void>((resolve, reject) => {
    const listenOptions = {
      path: EBWS_PATH,
      services: { [SERVICE_NAME]: { [PORT_NAME]: port } },
      xml: fs.readFileSync(WSDL_PATH, 'utf8'),
      uri: WSDL_PATH,
      // Keep xs:dateTime text as sent: Sage's are local times without an offset, and turning
      // them into JS Dates would read them in this process's zone.
      customDeserializer: { dateTime: (text: string) => text },
      callback: (err: unknown) => (err ? reject(err) : resolve()),
    };
    soap.listen(server, listenOptions as soap.IServerOptions);
  });

  // Outermost layer: metadata like a WCF host, and the transport faults tests inject.
  const soapListeners = server.listeners('request').slice() as Array<
    (req: http.IncomingMessage, res: http.ServerResponse) => void
  >;
  server.removeAllListeners('request');
  const xsd = fs.readFileSync(XSD_PATH, 'utf8');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      if (req.method === 'GET' && url.pathname === EBWS_PATH) {
        const query = url.search.toLowerCase();
        if (query === '?wsdl' || query === '?singlewsdl') {
          res.setHeader('Content-Type', 'text/xml; charset=UTF-8');
          res.end(
            buildWsdl(`${base}${EBWS_PATH}?xsd=xsd0`).replace(
              'http://localhost/eBusinessWebServices/MasBasicWsdl.svc',
              `${base}${EBWS_PATH}`,
            ),
          );
          return;
        }
        if (query === '?xsd=xsd0') {
          res.setHeader('Content-Type', 'text/xml; charset=UTF-8');
          res.end(xsd);
          return;
        }
      }
      if (req.method === 'POST' && url.pathname === EBWS_PATH) {
        const arrived = performance.now();
        const operation = operationOfAction(req.headers.soapaction) ?? '';
        if (faults.takeDrop(operation)) {
          calls.push(operation);
          req.socket.destroy();
          return;
        }
        // Read the whole request first: like IIS, the server carries out a request it has
        // received even when the client hangs up while it works (a slow answer the client
        // gave up on still happened). node-soap uses a pre-read req.body when there is one.
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        // What WCF refuses never reaches the service; what it would skip is cut out.
        const checked = readWcfRequest(req.headers, Buffer.concat(chunks));
        if (!checked.ok) {
          res.statusCode = checked.status;
          if (checked.contentType) res.setHeader('Content-Type', checked.contentType);
          res.end(checked.body);
          return;
        }
        (req as http.IncomingMessage & { body?: Buffer }).body = Buffer.from(checked.xml, 'utf8');
        escapeXmlResponse(res);
        const slow = faults.takeSlow(operation);
        if (slow > 0) await sleep(slow);
        await faults.waitAtGate(operation);
        // The latency is the server's answer time, its own work included (a real Sage's ~200 ms
        // holds its processing): the operation runs now and its answer leaves once the latency
        // since the request arrived has passed, so this process's own CPU is not added on top.
        if (latencyMs > 0) answerNoSoonerThan(res, arrived + slow + latencyMs);
      }
      for (const listener of soapListeners) listener.call(server, req, res);
    })();
  });

  return {
    url: `${base}${EBWS_PATH}`,
    wsdlUrl: `${base}${EBWS_PATH}?wsdl`,
    faults,
    calls,
    server,
    setLatency: (ms) => {
      latencyMs = checkedLatency(ms);
    },
    get latencyMs() {
      return latencyMs;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
