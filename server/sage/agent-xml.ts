/**
 * A fast reading of the agent's record-bearing SOAP answers (GetChanges, GetRecords, ListRecords,
 * GetChildren) into an object that the zod schemas of agent-schemas.ts read exactly as they read
 * node-soap's (element names without their prefix, text trimmed as node-soap trims it, numbers and
 * booleans left as text for the schemas to coerce). node-soap reads a feed page of 500 customers
 * (30,000 elements) in about 200 ms of the backend's CPU, most of it in its SAX parser; this reads
 * it in a few milliseconds. Anything else (another answer, a fault, an attribute other than a
 * namespace declaration, a comment, CDATA, mixed content) returns undefined, and node-soap reads
 * the answer as before.
 */
const FAST_ANSWERS = new Set([
  'GetChangesResponse',
  'GetRecordsResponse',
  'ListRecordsResponse',
  'GetChildrenResponse',
]);

export function readAgentAnswer(xml: string): Record<string, unknown> | undefined {
  let at = 0;
  if (xml.startsWith('<?xml')) {
    at = xml.indexOf('?>');
    if (at < 0) return undefined;
    at += 2;
  }
  const root = readElements(xml, at);
  return root && finish(root);
}

/**
 * The elements of `xml` from `at` on, read as readAgentAnswer reads them (its rules, its refusals),
 * as the object of their parent: a fragment such as GetChanges' PageEnd read from the start of a
 * body still arriving (agent-page-end.ts).
 */
export function readElements(
  xml: string,
  at = 0,
): { obj: Record<string, unknown>; text: string } | undefined {
  type Open = { name: string; obj: Record<string, unknown>; text: string; children: boolean };
  const root: Open = { name: '', obj: {}, text: '', children: false };
  const stack: Open[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*?)(\/?)>/y;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const top = stack[stack.length - 1]!;
    if (lt !== at) {
      const text = xml.slice(at, lt < 0 ? xml.length : lt);
      if (lt < 0) return /^\s*$/.test(text) ? root : undefined;
      const decoded = decode(text);
      if (decoded === undefined) return undefined;
      top.text += decoded;
      at = lt;
    }
    tag.lastIndex = at;
    const m = tag.exec(xml);
    if (!m) return undefined; // a comment, CDATA, a processing instruction: not ours to read
    at = tag.lastIndex;
    const [, closing, , name, attributes, selfClosing] = m as unknown as string[];
    if (closing) {
      if (top.name !== name || stack.length === 1 || attributes!.trim()) return undefined;
      stack.pop();
      const value = valueOf(top);
      if (value === undefined) return undefined;
      add(stack[stack.length - 1]!, name, value);
      continue;
    }
    if (!namespacesOnly(attributes!)) return undefined;
    if (name === 'Fault') return undefined; // node-soap turns a fault into its error
    if (selfClosing) {
      top.children = true;
      add(top, name!, '');
      continue;
    }
    top.children = true;
    stack.push({ name: name!, obj: {}, text: '', children: false });
  }
  return stack.length === 1 ? root : undefined;
}

/** node-soap's shape: the envelope's children ({ Body: { GetChangesResponse: ... } }). */
function finish(root: { obj: Record<string, unknown>; text: string }) {
  const envelope = root.obj.Envelope as Record<string, unknown> | undefined;
  if (root.text.trim() !== '' || Object.keys(root.obj).length !== 1) return undefined;
  if (typeof envelope !== 'object' || Array.isArray(envelope)) return undefined;
  const body = envelope.Body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || Array.isArray(body)) return undefined;
  const answers = Object.keys(body);
  return answers.length === 1 && FAST_ANSWERS.has(answers[0]!) ? envelope : undefined;
}

/** An element's value: its children's object, or its text (whitespace between children aside). */
function valueOf(el: { obj: Record<string, unknown>; text: string; children: boolean }) {
  if (!el.children) return el.text.trim();
  return el.text.trim() === '' ? el.obj : undefined;
}

function add(parent: { obj: Record<string, unknown> }, name: string, value: unknown): void {
  const have = parent.obj[name];
  if (have === undefined) parent.obj[name] = value;
  else if (Array.isArray(have)) have.push(value);
  else parent.obj[name] = [have, value];
}

const NAMESPACE_ATTRIBUTES = /^(?:\s+xmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*'))*\s*$/;

const namespacesOnly = (attributes: string) =>
  attributes === '' || NAMESPACE_ATTRIBUTES.test(attributes);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with its entities read; undefined for an entity XML does not define or a stray '>'. */
function decode(text: string): string | undefined {
  if (!text.includes('&')) return text;
  let bad = false;
  const out = text.replace(/&([^;&]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) {
      bad = true;
      return whole;
    }
    const named = ENTITIES[ref];
    if (named) return named;
    const code = /^#x[0-9a-fA-F]+$/.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#[0-9]+$/.test(ref)
        ? parseInt(ref.slice(1), 10)
        : NaN;
    if (!Number.isInteger(code) || code > 0x10ffff) {
      bad = true;
      return whole;
    }
    return String.fromCodePoint(code);
  });
  return bad ? undefined : out;
}
