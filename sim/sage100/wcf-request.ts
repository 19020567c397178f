import sax from 'sax';
import { CONTRACT_TYPES, type MemberDef } from '../../server/sage/contracts.js';
import { XML_FORBIDDEN_CHAR } from '../../agent/xml-chars.js';
import { CONTRACT_NAME, EBWS_NAMESPACE, OPERATIONS } from '../../server/sage/wsdl/build-wsdl.js';

/**
 * What a WCF basicHttpBinding host does with a request before the service sees it, so the
 * simulator refuses what the real eBWS refuses (reference §1.5):
 *   - SOAP 1.1 only: `application/soap+xml` is 415, a SOAP 1.2 envelope a VersionMismatch fault;
 *   - the SOAPAction header selects the operation; missing or unknown is ActionNotSupported;
 *   - the body's wrapper must be the operation's element in the service namespace;
 *   - DataContractSerializer reads members in schema order and in the service namespace: an
 *     unqualified member, one in another namespace or one out of order is skipped, as if absent;
 *   - XML 1.0 forbids control characters, raw or as character references: 400, no body.
 * The caller hands node-soap the returned XML, with the skipped elements cut out.
 */

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const ADDRESSING_NONE = 'http://schemas.microsoft.com/ws/2005/05/addressing/none';
const DISPATCHER =
  'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher';

export type WcfRequest =
  | { ok: true; operation: string; xml: string }
  | { ok: false; status: number; contentType?: string; body: string };

const ACTION_PREFIX = `${EBWS_NAMESPACE}/${CONTRACT_NAME}/`;
const OPERATION_NAMES = new Set(OPERATIONS.map((o) => o.name));

/** The operation a SOAPAction header names, or undefined when it names none of ours. */
export function operationOfAction(header: string | string[] | undefined): string | undefined {
  const action = String(header ?? '').replace(/^"|"$/g, '');
  const op = action.startsWith(ACTION_PREFIX) ? action.slice(ACTION_PREFIX.length) : '';
  return OPERATION_NAMES.has(op) ? op : undefined;
}

function fault(code: string, codeNs: string, text: string): WcfRequest {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    ok: false,
    status: 500,
    contentType: 'text/xml; charset=utf-8',
    body:
      `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><s:Fault>` +
      `<faultcode xmlns:a="${codeNs}">a:${code}</faultcode>` +
      `<faultstring xml:lang="en-US">${escaped}</faultstring>` +
      `</s:Fault></s:Body></s:Envelope>`,
  };
}

/** WCF's answer to an action no operation of the contract has. */
export const actionNotSupported = (action: string) =>
  fault(
    'ActionNotSupported',
    ADDRESSING_NONE,
    `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.  Check that sender and receiver have the same contract and the same binding (including security requirements, e.g. Message, Transport, None).`,
  );

const badRequest: WcfRequest = { ok: false, status: 400, body: '' };

// The expected children of each schema type: name -> child type, in schema order.
type Sequence = Array<{ name: string; type: string; repeats?: boolean }>;
const XS_KIND: Record<MemberDef['kind'], string> = {
  string: 'xs',
  flag: 'xs',
  decimal: 'xs',
  date: 'xs',
  dateTime: 'xs',
  fields: 'ArrayOfField',
  lines: 'ArrayOfSalesOrderLine',
  payments: 'ArrayOfSalesOrderPayment',
};
const SEQUENCES = new Map<string, Sequence>([
  [
    'Logon',
    [
      { name: 'Password', type: 'xs' },
      { name: 'Username', type: 'xs' },
    ],
  ],
  ...Object.entries(CONTRACT_TYPES).map(
    ([name, members]) =>
      [name, members.map((m) => ({ name: m.name, type: XS_KIND[m.kind] }))] as [string, Sequence],
  ),
  ...['Field', 'SalesOrderLine', 'SalesOrderPayment'].map(
    (item) => [`ArrayOf${item}`, [{ name: item, type: item, repeats: true }]] as [string, Sequence],
  ),
  ...OPERATIONS.map(
    (op) =>
      [
        `op:${op.name}`,
        op.params.map((p) => ({ name: p.name, type: p.type.replace(/^(tns|xs):/, '') })),
      ] as [string, Sequence],
  ),
]);
const typeOf = (t: string) => (SEQUENCES.has(t) ? t : 'xs');

interface Frame {
  type: string; // a SEQUENCES key, or 'xs' for a leaf
  position: number; // index of the last member read
}

/** Checks a POSTed request as WCF would; see the module comment. */
export function readWcfRequest(
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): WcfRequest {
  const contentType = String(headers['content-type'] ?? '');
  if (!/^text\/xml\b/i.test(contentType)) {
    return {
      ok: false,
      status: 415,
      contentType: 'text/plain; charset=utf-8',
      body: `Cannot process the message because the content type '${contentType}' was not the expected type 'text/xml; charset=utf-8'.`,
    };
  }
  const operation = operationOfAction(headers.soapaction);
  if (!operation) return actionNotSupported(String(headers.soapaction ?? '').replace(/"/g, ''));

  const xml = body.toString('utf8');
  const cut: Array<[number, number]> = [];
  let refusal: WcfRequest | undefined;
  let depth = 0;
  let skipFrom: { depth: number; start: number } | undefined;
  let inBody = false;
  let bodyDepth = -1;
  let wrapperSeen = false;
  const frames: Frame[] = [];
  const parser = sax.parser(true, { xmlns: true, position: true });
  const refuse = (r: WcfRequest) => {
    refusal ??= r;
  };
  const checkText = (t: string) => {
    if (XML_FORBIDDEN_CHAR.test(t)) refuse(badRequest);
  };
  parser.ontext = checkText;
  parser.oncdata = checkText;
  parser.onattribute = (a) => checkText(a.value);
  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag;
    depth++;
    if (skipFrom || refusal) return;
    if (depth === 1) {
      if (tag.local !== 'Envelope' || tag.uri !== SOAP11_NS) {
        const version = tag.uri === SOAP12_NS ? `Soap12 (${SOAP12_NS})` : `unknown (${tag.uri})`;
        refuse(
          fault(
            'VersionMismatch',
            SOAP11_NS,
            `The envelope version of the incoming message (${version}) does not match that of the encoder (Soap11 (${SOAP11_NS})). Make sure the binding is configured with the same version as the expected messages.`,
          ),
        );
      }
      return;
    }
    if (depth === 2 && tag.local === 'Body' && tag.uri === SOAP11_NS) {
      inBody = true;
      bodyDepth = depth;
      return;
    }
    if (!inBody) return;
    if (depth === bodyDepth + 1) {
      if (wrapperSeen) {
        skipFrom = { depth, start: parser.startTagPosition - 1 };
        return;
      }
      wrapperSeen = true;
      if (tag.local !== operation || tag.uri !== EBWS_NAMESPACE) {
        refuse(
          fault(
            'DeserializationFailed',
            DISPATCHER,
            `The formatter threw an exception while trying to deserialize the message: Error in deserializing body of request message for operation '${operation}'. OperationFormatter encountered an invalid Message body. Expected to find node type 'Element' with name '${operation}' and namespace '${EBWS_NAMESPACE}'. Found node type 'Element' with name '${tag.local}' and namespace '${tag.uri}'`,
          ),
        );
        return;
      }
      frames.push({ type: `op:${operation}`, position: -1 });
      return;
    }
    const parent = frames[frames.length - 1];
    const sequence = parent ? SEQUENCES.get(parent.type) : undefined;
    const index = sequence?.findIndex((m) => m.name === tag.local) ?? -1;
    const member = sequence?.[index];
    const inOrder =
      member && (index > parent!.position || (member.repeats && index === parent!.position));
    if (!parent || !member || tag.uri !== EBWS_NAMESPACE || !inOrder) {
      // Not a member WCF would read here: skipped with everything inside it.
      skipFrom = { depth, start: parser.startTagPosition - 1 };
      return;
    }
    parent.position = index;
    frames.push({ type: typeOf(member.type), position: -1 });
  };
  parser.onclosetag = () => {
    if (skipFrom && depth === skipFrom.depth) {
      cut.push([skipFrom.start, parser.position]);
      skipFrom = undefined;
    } else if (!skipFrom && inBody && depth > bodyDepth + 1 && frames.length > 1) {
      frames.pop();
    }
    if (depth === bodyDepth) inBody = false;
    depth--;
  };
  try {
    parser.write(xml).close();
  } catch {
    return badRequest; // not well-formed XML 1.0 (including character references to controls)
  }
  if (refusal) return refusal;
  if (!wrapperSeen) {
    return fault(
      'DeserializationFailed',
      DISPATCHER,
      `The formatter threw an exception while trying to deserialize the message: Error in deserializing body of request message for operation '${operation}'. The body is empty.`,
    );
  }
  let out = xml;
  for (const [start, end] of cut.reverse()) out = out.slice(0, start) + out.slice(end);
  return { ok: true, operation, xml: out };
}
