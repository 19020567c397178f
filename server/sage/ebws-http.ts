import { XmlCharsHttpClient } from '../../agent/xml-chars.js';
import type { EbwsSessions } from './ebws-sessions.js';

type Answer = [error: unknown, res?: unknown, body?: unknown];

/**
 * The soap package's HTTP client holding one of the tenant's eBWS seats for the HTTP exchange
 * alone (ADR 0071): a seat stands for a logon Sage is working for, and building the envelope
 * before or parsing the answer after needs none. Given back before the answer is parsed, the seat
 * carries another record's request meanwhile, so the seats stay at Sage's pace on a busy server.
 */
export class SeatedHttpClient extends XmlCharsHttpClient {
  constructor(private readonly sessions: EbwsSessions) {
    super();
  }

  override request(
    rurl: string,
    data: unknown,
    callback: (error: unknown, res?: unknown, body?: unknown) => unknown,
    exheaders?: Record<string, unknown>,
    exoptions?: Record<string, unknown>,
  ): never {
    const exchanged = this.sessions.run(
      () =>
        new Promise<Answer>((resolve) => {
          super.request(rurl, data, (...answer: Answer) => resolve(answer), exheaders, exoptions);
        }),
    );
    exchanged.then(
      (answer) => callback(...answer),
      (error: unknown) => callback(error),
    );
    // The soap client ignores what `request` returns; the answer goes to the callback.
    return undefined as never;
  }
}
