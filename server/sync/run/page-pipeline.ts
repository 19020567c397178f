import type { ChangePage, GatewayRecord } from '../gateways.js';
import type { CompiledMapping } from '../mapping/compile.js';
import type { Side } from '../vocabulary.js';
import type { PageSeats } from './execute.js';
import type { Ctx } from './work.js';
import type { SeatPool } from './pool.js';
import { RunCancelled } from './resume.js';

/** What a page's work is given: the seats to queue on, and the previous page's storage. */
export type PageWork = (seats: PageSeats, previousStored: Promise<void>) => Promise<void>;

/**
 * The pages of a pass, overlapped (ADR 0071): page k+1 is loaded, planned and queued for Sage
 * seats while page k's records still hold them, and its writes run while page k's tail (its
 * slowest record, the Zoho key write-back, the read-back, its storage) does, so the seats never
 * idle at a page's end. What stays in order: pages are stored one after another, each with its
 * cursor, so a crash re-reads from the last stored page and the records' intents (ADR 0041) make
 * the reread safe. At most two pages are between their start and their storage, and a page that
 * holds a record of the one still in flight, or a record naming one as its parent, waits for it to
 * be stored first: it must be planned against that record's link, not before it exists.
 * Without `overlap` every page is stored before the next starts, as before.
 */
export class PagePipeline {
  private readonly started: Array<Promise<void>> = [];
  private last: { stored: Promise<void>; ids: Set<string> } | undefined;
  private beforeLast: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: SeatPool,
    private readonly overlap: boolean,
  ) {}

  /**
   * Starts a page's work; returns once the next page may start (this one's Sage writes are
   * queued, or it is stored when pages do not overlap). A page's failure stops the seats, so no
   * record of any page starts a write after it.
   */
  async start(page: { ids: Set<string>; refs: Set<string> }, work: PageWork): Promise<void> {
    await this.beforeLast;
    const last = this.last;
    if (last && (!this.overlap || [...page.refs].some((id) => last.ids.has(id)))) {
      await last.stored;
    }
    let queued!: () => void;
    const isQueued = new Promise<void>((resolve) => (queued = resolve));
    const stored = work({ pool: this.pool, queued }, last?.stored ?? Promise.resolve());
    // A cancelled page wrote nothing and the pages before it finish as they are: the seats go on.
    stored.catch((error: unknown) => {
      if (!(error instanceof RunCancelled)) this.pool.stop(error);
    });
    this.started.push(stored);
    this.beforeLast = last?.stored ?? Promise.resolve();
    this.last = { stored, ids: page.ids };
    await (this.overlap ? Promise.race([isQueued, stored]) : stored);
  }

  /** Waits for every page started; the first failure, in page order, is rethrown. */
  async finish(): Promise<void> {
    const settled = await Promise.allSettled(this.started);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The pass failed elsewhere (a read): stop the seats and let the pages in flight settle. */
  async abort(error: unknown): Promise<void> {
    this.pool.stop(error);
    await Promise.allSettled(this.started);
  }
}

/** A page's own ids (its records' and its deletions'), and those plus the parents they name. */
export function pageKeys(
  ctx: Ctx,
  side: Side,
  page: ChangePage,
): { ids: Set<string>; refs: Set<string> } {
  const ids = new Set([...page.records.map((r) => r.id), ...page.deleted]);
  const refs = new Set(ids);
  const module = ctx.def.module;
  const own = (list: CompiledMapping[] | undefined) =>
    (list ?? []).filter((m) => m.transform?.kind === 'lookup' && m.transform.module === module);
  const top = own(ctx.mappings);
  const lines = own(ctx.lineMappings);
  if (top.length === 0 && lines.length === 0) return { ids, refs };
  const lineField = side === 'sage' ? ctx.def.lines?.sageField : ctx.def.lines?.zohoField;
  const parentOf = (m: CompiledMapping, values: Record<string, unknown>): string | undefined => {
    if (side === 'sage') {
      return ctx.lookups.sageKeyFromValues(
        module,
        m.sageFields.map((f) => values[f]),
      );
    }
    const v = values[m.zohoFields[0] ?? ''];
    if (typeof v === 'object' && v !== null) return String((v as { id?: unknown }).id ?? '');
    return v ? String(v) : undefined;
  };
  for (const r of page.records) {
    for (const m of top) addRef(refs, parentOf(m, r.fields));
    for (const line of linesOf(r, lineField)) {
      for (const m of lines) addRef(refs, parentOf(m, line));
    }
  }
  return { ids, refs };
}

const addRef = (refs: Set<string>, id: string | undefined) => {
  if (id) refs.add(id);
};

function linesOf(r: GatewayRecord, lineField: string | undefined): Array<Record<string, unknown>> {
  if (r.lines) return r.lines;
  const value = lineField ? r.fields[lineField] : undefined;
  return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
}
