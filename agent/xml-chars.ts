import type http from 'node:http';
import soap from 'soap';

/**
 * XML 1.0 cannot carry most C0 control characters (BEL, vertical tab, ...), raw or as character
 * references. One policy on both sides of every SOAP link (eBWS and the agent):
 *   - what we send: a value holding one is refused before the call (the record is skipped with
 *     the member named), as WCF's reader would refuse the request;
 *   - what servers send: a control character stored in Sage goes out as a character reference
 *     (`&#x7;`, as .NET's XML writer escapes it), and the clients read it back as the character.
 */
// eslint-disable-next-line no-control-regex
export const XML_FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_GLOBAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** The first forbidden character of a value, as "U+0007", or undefined. */
export function forbiddenXmlChar(value: string): string | undefined {
  const m = XML_FORBIDDEN_CHAR.exec(value);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** For servers: raw forbidden characters in a serialised message become character references. */
export function escapeForbiddenXmlChars(xml: string): string {
  return xml.replace(FORBIDDEN_GLOBAL, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

const isForbiddenCode = (code: number) =>
  (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) ||
  code === 0xfffe ||
  code === 0xffff;

/**
 * For clients: character references to forbidden characters become the characters, which
 * node-soap's (strict) parser accepts in text but not as references.
 */
export function decodeForbiddenCharRefs(xml: string): string {
  return xml.replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (ref, num: string) => {
    const code = num.startsWith('x') ? parseInt(num.slice(1), 16) : parseInt(num, 10);
    return isForbiddenCode(code) ? String.fromCharCode(code) : ref;
  });
}

/** node-soap's HTTP client with decodeForbiddenCharRefs applied to every answer. */
export class XmlCharsHttpClient extends soap.HttpClient {
  override handleResponse(req: unknown, res: unknown, body: unknown): unknown {
    const decoded = typeof body === 'string' ? decodeForbiddenCharRefs(body) : body;
    return super.handleResponse(req as never, res as never, decoded as never);
  }
}

/** For servers: what `res` is sent has its forbidden characters as character references. */
export function escapeXmlResponse(res: http.ServerResponse): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const escape = (chunk: unknown) =>
    typeof chunk === 'string' || Buffer.isBuffer(chunk)
      ? escapeForbiddenXmlChars(chunk.toString())
      : chunk;
  res.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(escape(chunk), ...rest)) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) =>
    typeof chunk === 'function' || chunk === undefined
      ? end(chunk, ...rest)
      : end(escape(chunk), ...rest)) as typeof res.end;
}
