import { readElements } from './agent-xml.js';
import { pageEndSchema, type AgentPageEnd } from './agent-schemas.js';

/**
 * GetChanges' PageEnd read from the start of an answer still arriving (ADR 0081): the agent writes
 * it before the page's rows, so the next page can be asked for while the rows are on the wire.
 * Returns 'later' while the element may still come, undefined when it will not (an older agent's
 * answer reaches its Records first, a fault has none) or is not what agent.wsdl says.
 */
export function readPageEnd(start: string): AgentPageEnd | 'later' | undefined {
  const open = OPENING.exec(start);
  if (!open) return start.length > LOOK_NO_FURTHER ? undefined : 'later';
  if (open[2] !== 'PageEnd') return undefined;
  const close = new RegExp(`</${open[1] ?? ''}PageEnd\\s*>`, 'g');
  close.lastIndex = open.index;
  const end = close.exec(start);
  if (!end) return start.length > LOOK_NO_FURTHER ? undefined : 'later';
  const fragment = readElements(start.slice(open.index, close.lastIndex));
  const parsed = pageEndSchema.safeParse(fragment?.obj.PageEnd);
  return parsed.success ? parsed.data : undefined;
}

/** The first of PageEnd or Records in the answer (with any prefix): PageEnd comes first or not at all. */
const OPENING = /<([A-Za-z_][\w.-]*:)?(PageEnd|Records|Fault)[\s/>]/;

/** An envelope's start is a few hundred bytes; a PageEnd with a long key well under this. */
const LOOK_NO_FURTHER = 16_384;
