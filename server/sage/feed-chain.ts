import type { Logger } from 'pino';
import type { EntityName } from '../../agent/entities.js';
import type { AgentChangePage } from './agent-schemas.js';
import {
  admitPage,
  nextRequestBeforeAdmitting,
  pageRequest,
  requestText,
  sendRequest,
  stampConverter,
  type ChangePagePort,
  type FeedPageOptions,
  type FeedPageResult,
  type PageRequest,
} from './feed-page.js';
import { parseWatermark, serialiseWatermark, type FeedWatermark } from './feed-watermark.js';

export interface ChainPage extends FeedPageResult {
  /** The watermark to store once this page's changes are stored. */
  watermark: string;
}

/**
 * An entity's pages read one after another from a watermark, each page's watermark as
 * readChangesPage gives it (ADR 0078). What it adds: when the caller allows, the next page's
 * request leaves as soon as a page is parsed, before its rows are hashed and admitted, when that
 * request can be known before (nextRequestBeforeAdmitting). Once the rows are admitted the request
 * is built again as readChangesPage would build it; if it differs, the early one is dropped (a
 * read, so harmless) and the right one sent, so the pages are the ones readChangesPage reads.
 */
export class FeedPageChain {
  private readonly state: FeedWatermark;
  private readonly utc: ReturnType<typeof stampConverter>;
  private ahead: { request: PageRequest; answer: Promise<AgentChangePage> } | undefined;
  private first = true;

  constructor(
    private readonly port: ChangePagePort,
    private readonly entity: EntityName,
    watermark: string | undefined,
    private readonly options: FeedPageOptions,
    logger: Logger,
  ) {
    this.state = parseWatermark(watermark);
    this.utc = stampConverter(options.timeZone, logger);
  }

  /** Whether the next page's read is already in flight. */
  get readingAhead(): boolean {
    return this.ahead !== undefined;
  }

  /**
   * The next page. `mayReadAhead` is asked once the page is parsed: whether the page after it
   * may be requested now (the caller's read-ahead depth).
   */
  async next(mayReadAhead: () => boolean = () => false): Promise<ChainPage> {
    const options = this.first ? this.options : { ...this.options, since: undefined };
    this.first = false;
    let request: PageRequest;
    let answer: Promise<AgentChangePage>;
    if (this.ahead) {
      ({ request, answer } = this.ahead);
      this.ahead = undefined;
    } else {
      request = pageRequest(this.state, options);
      answer = sendRequest(this.port, this.entity, request);
    }
    const page = await answer;
    const early = mayReadAhead()
      ? nextRequestBeforeAdmitting(this.entity, this.state, options, request, page)
      : undefined;
    const sent = early && this.send(early);
    const result = admitPage(this.entity, this.state, options, this.utc, request, page);
    if (sent) {
      const right = pageRequest(this.state, { ...this.options, since: undefined });
      this.ahead =
        requestText(right) === requestText(sent.request)
          ? { request: right, answer: sent.answer }
          : this.send(right);
    }
    return { ...result, watermark: serialiseWatermark(this.state) };
  }

  private send(request: PageRequest): { request: PageRequest; answer: Promise<AgentChangePage> } {
    const answer = sendRequest(this.port, this.entity, request);
    // Seen when the next page is read; dropped unseen when the pass stops first.
    answer.catch(() => undefined);
    return { request, answer };
  }
}
