import { StringDecoder } from 'node:string_decoder';
import { XmlCharsHttpClient } from '../../agent/xml-chars.js';

/**
 * Told the start of an answer's body each time more of it arrives, until it returns true (it has
 * seen what it wanted, or knows it will not come). Passed as the SOAP call's `onBodyStart` option.
 */
export type BodyStartWatcher = (start: string) => boolean;

interface StreamedResponse {
  status?: number;
  data: NodeJS.ReadableStream | string;
}

type Request = (options: Record<string, unknown>) => Promise<StreamedResponse>;

/**
 * The agent client's HTTP client (ADR 0081): node-soap's, with its control-character decoding
 * (XmlCharsHttpClient), that lets a call watch its answer's body as it arrives. A call with
 * `onBodyStart` reads the body as a stream: the watcher sees its start as each chunk lands, and
 * the whole body then goes to node-soap as the buffered call would have given it (same handling,
 * same faults). Calls without it are node-soap's own.
 */
export class AgentHttpClient extends XmlCharsHttpClient {
  override request(
    rurl: string,
    data: unknown,
    callback: (error: unknown, res?: unknown, body?: unknown) => unknown,
    exheaders?: Record<string, unknown>,
    exoptions?: Record<string, unknown>,
  ): ReturnType<XmlCharsHttpClient['request']> {
    const { onBodyStart, ...rest } = exoptions ?? {};
    // node-soap 1.x keeps its axios instance here; without it, the buffered call as before.
    const send = (this as unknown as { _request?: Request })._request;
    if (typeof onBodyStart !== 'function' || typeof send !== 'function') {
      return super.request(rurl, data, callback, exheaders, rest);
    }
    const options = this.buildRequest(rurl, data, exheaders, rest) as Record<string, unknown>;
    options.responseType = 'stream';
    const request = send(options);
    request.then(
      (res) => this.collect(request, res, onBodyStart as BodyStartWatcher, callback),
      (error: unknown) => callback(error),
    );
    return request as unknown as ReturnType<XmlCharsHttpClient['request']>;
  }

  private collect(
    request: Promise<StreamedResponse>,
    res: StreamedResponse,
    watch: BodyStartWatcher,
    callback: (error: unknown, res?: unknown, body?: unknown) => unknown,
  ): void {
    const body = res.data as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    const decoder = new StringDecoder('utf8');
    let start = '';
    let watching = true;
    let settled = false;
    const settle = (error: unknown) => {
      if (settled) return;
      settled = true;
      if (error) {
        // As axios fails a body cut short: with the response, so it is not taken for a dead socket.
        callback(Object.assign(error as object, { response: { status: res.status } }));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      res.data = this.handleResponse(request as never, res as never, text) as string;
      callback(null, res, res.data);
    };
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (!watching) return;
      start += decoder.write(chunk);
      try {
        watching = !watch(start);
      } catch {
        watching = false;
      }
    });
    body.on('end', () => settle(undefined));
    body.on('error', (error: unknown) => settle(error));
    body.on('close', () => settle(settled ? undefined : new Error('stream has been aborted')));
  }
}
