import type { PageSource } from '../gateways.js';
import type { ModuleName, Side } from '../vocabulary.js';
import { pageSizeFor, type EngineDeps } from './deps.js';
import { PageReader } from './page-reader.js';
import type { RunOptions } from './run-options.js';

/** Pages read and not yet taken by the pass, at most (PageReader): two keep the feed busy. */
const READ_AHEAD_PAGES = 2;

/**
 * A pass's change pages from where the side's cursor is (a since-window run, which has no stored
 * cursor, from its own last page when resumed), read ahead of their work: each read is sent as
 * the one before is answered (ADR 0075). A Sage gateway with a feed thread reads ahead off this
 * event loop (ADR 0078). The first read is sent now.
 */
export async function openPassReader(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  side: Side,
  options: RunOptions & { resumeCursor?: string },
): Promise<PageSource> {
  const cursor = options.since
    ? options.resumeCursor
    : await deps.repos.cursors.get(tenantId, module, side);
  const limit = pageSizeFor(deps, side);
  const { sage } = deps.gateways;
  if (side === 'sage' && sage.readAhead) {
    const since = cursor ? undefined : options.since;
    return sage.readAhead(module, cursor, { since, limit }, READ_AHEAD_PAGES);
  }
  const gateway = side === 'sage' ? sage : deps.gateways.crm;
  return new PageReader(
    (at, first) =>
      gateway.listChanges(module, at, { since: first && !at ? options.since : undefined, limit }),
    cursor,
    READ_AHEAD_PAGES,
  );
}
