import type { ChangePage, PageSource } from '../gateways.js';

/** Reads one page after `cursor` (the gateway's listChanges, its options bound). */
export type ReadPage = (cursor: string | undefined, first: boolean) => Promise<ChangePage>;

/**
 * A pass's change pages, read ahead of their work (ADR 0075): each page's read is sent the moment
 * the page before it is answered, not once the run has planned and written that page, so the feed
 * (a chain of calls, each starting where the last ended) never waits for Zoho's writes, and the
 * writes never wait for a read sent late. At most `depth` pages are read and not yet taken, so a
 * slow write stage holds a bounded number of pages in memory. Reads take no writes' results (a
 * page says where the next starts), and the cursor still moves only after a page is stored.
 */
export class PageReader implements PageSource {
  private readonly ahead: Array<Promise<ChangePage>> = [];
  private nextCursor: string | undefined;
  private more = true;
  private inFlight = false;
  private stopped = false;

  constructor(
    private readonly read: ReadPage,
    cursor: string | undefined,
    private readonly depth: number,
  ) {
    this.nextCursor = cursor;
    this.send(true);
  }

  /** The next page in feed order; a failed read fails here, and nothing is read after it. */
  async take(): Promise<ChangePage> {
    const page = this.ahead.shift();
    if (!page) throw new Error('PageReader: no page left to take (the last had hasMore false)');
    this.send(false);
    return page;
  }

  /** The pass ends early (cancelled, failed): reads in flight settle unseen, none are sent. */
  stop(): void {
    this.stopped = true;
    for (const page of this.ahead) page.catch(() => undefined);
  }

  private send(first: boolean): void {
    if (this.stopped || !this.more || this.inFlight || this.ahead.length >= this.depth) return;
    this.inFlight = true;
    const page = this.read(this.nextCursor, first);
    // A failure surfaces when the pass takes the page; until then it must not count as unhandled.
    page.catch(() => undefined);
    this.ahead.push(page);
    page.then(
      (answered) => {
        this.inFlight = false;
        this.more = answered.hasMore;
        this.nextCursor = answered.nextCursor;
        this.send(false);
      },
      () => {
        this.inFlight = false;
        this.more = false;
      },
    );
  }
}
