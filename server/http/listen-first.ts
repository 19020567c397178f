import http, { type RequestListener, type Server } from 'node:http';

/**
 * The backend's HTTP server, listening before anything else starts. `npm start` on a port that is
 * taken must fail before the sandbox writes to the database (it re-points the shared sandbox
 * tenant at its own simulators, which would die with this process). Until `serve` hands it the
 * app, a request gets 503 with Retry-After.
 */
export interface EarlyServer {
  server: Server;
  serve(app: RequestListener): void;
}

/** Resolves with the server, or with the listen error (EADDRINUSE, EACCES, ...). */
export function listenFirst(port: number, host: string): Promise<EarlyServer | Error> {
  let handler: RequestListener = (_req, res) => {
    res.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'text/plain' });
    res.end('starting\n');
  };
  const server = http.createServer((req, res) => handler(req, res));
  return new Promise((resolve) => {
    const failed = (error: Error) => resolve(error);
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve({
        server,
        serve: (app) => {
          handler = app;
        },
      });
    });
  });
}
