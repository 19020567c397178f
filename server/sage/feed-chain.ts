import type { Logger } from 'pino';
import type { EntityName } from '../../agent/entities.js';
import type { AgentChangePage, AgentPageEnd } from './agent-schemas.js';
import {
  admitPage,
  nextRequestBeforeAdmitting,
  pageEndOf,
  pageRequest,
  requestText,
  samePageEnd,
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

/** A page's read in flight: its request, its answer, and its end as soon as the agent states it. */
interface InFlight {
  request: PageRequest;
  answer: Promise<AgentChangePage>;
  /** The agent's PageEnd, ahead of the rows (ADR 0081); undefined once the answer settles without. */
  end: Promise<AgentPageEnd | undefined>;
}

/**
 * An entity's pages read one after another from a watermark, each page's watermark as
 * readChangesPage gives it (ADR 0078). What it adds: when the caller allows, the next page's
 * request leaves before the page is admitted, when that request can be known before
 * (nextRequestBeforeAdmitting): as soon as the agent's PageEnd arrives, ahead of the rows
 * (ADR 0081), or, from an agent that does not write it, once the page is parsed. Once the rows are
 * admitted the request is built again as readChangesPage would build it; if it differs (a PageEnd
 * that disagrees with its rows), the early one is dropped (a read, so harmless) and the right one
 * sent, so the pages are the ones readChangesPage reads.
 */
export class FeedPageChain {
  private readonly state: FeedWatermark;
  private readonly utc: ReturnType<typeof stampConverter>;
  private ahead: InFlight | undefined;
  private first = true;

  constructor(
    private readonly port: ChangePagePort,
    private readonly entity: EntityName,
    watermark: string | undefined,
    private readonly options: FeedPageOptions,
    private readonly logger: Logger,
  ) {
    this.state = parseWatermark(watermark);
    this.utc = stampConverter(options.timeZone, logger);
  }

  /** Whether the next page's read is already in flight. */
  get readingAhead(): boolean {
    return this.ahead !== undefined;
  }

  /**
   * The next page. `mayReadAhead` is asked when the page's end is known (its PageEnd arrived, or
   * the page is parsed): whether the page after it may be requested now (the caller's depth).
   */
  async next(mayReadAhead: () => boolean = () => false): Promise<ChainPage> {
    const options = this.first ? this.options : { ...this.options, since: undefined };
    this.first = false;
    const current = this.ahead ?? this.send(pageRequest(this.state, options));
    this.ahead = undefined;
    const { request } = current;
    const stated = await current.end;
    let sent = stated && mayReadAhead() ? this.sendBefore(request, stated) : undefined;
    const page = await current.answer;
    const end = pageEndOf(this.entity, page);
    if (stated && !samePageEnd(stated, end)) {
      this.logger.warn(
        { entity: this.entity, stated, rows: end },
        "the agent's PageEnd disagrees with its rows; the next page is read from the rows",
      );
    }
    if (!sent && mayReadAhead()) sent = this.sendBefore(request, end);
    const result = admitPage(this.entity, this.state, options, this.utc, request, page);
    if (sent && result.hasMore) {
      const right = pageRequest(this.state, { ...this.options, since: undefined });
      this.ahead =
        requestText(right) === requestText(sent.request)
          ? { ...sent, request: right }
          : this.send(right);
    }
    return { ...result, watermark: serialiseWatermark(this.state) };
  }

  private sendBefore(request: PageRequest, end: AgentPageEnd): InFlight | undefined {
    const next = nextRequestBeforeAdmitting(this.state, this.options, request, end);
    return next && this.send(next);
  }

  private send(request: PageRequest): InFlight {
    let tell: (end: AgentPageEnd | undefined) => void = () => undefined;
    const end = new Promise<AgentPageEnd | undefined>((resolve) => (tell = resolve));
    const answer = sendRequest(this.port, this.entity, request, (stated) => tell(stated));
    // Seen when the page is read; dropped unseen when the pass stops first.
    answer.then(
      () => tell(undefined),
      () => tell(undefined),
    );
    return { request, answer, end };
  }
}
