import type { Request, Response } from 'express';
import type { Run } from '../../db/repositories/runs.js';
import { isFinalStatus } from '../../sync/vocabulary.js';
import { runSummary } from './views.js';

/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Server-Sent Events of one run: a `progress` event with the run (as GET /runs/:id shows it)
 * whenever it changes, and `end` with the final run, after which the stream closes. Read from
 * storage, so it follows a run whichever process carries it out.
 */
export function streamRun(
  req: Request,
  res: Response,
  first: Run,
  read: () => Promise<Run | undefined>,
  pollMs: number,
): void {
  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  let closed = false;
  let last = '';
  const send = (event: string, run: Run) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(runSummary(run))}\n\n`);
  };
  const stop = () => {
    closed = true;
    clearInterval(keepalive);
    clearTimeout(timer);
  };
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  let timer: NodeJS.Timeout | undefined;
  req.on('close', stop);
  const tick = async (run: Run | undefined) => {
    if (closed) return;
    if (!run) {
      stop();
      res.end();
      return;
    }
    const stamp = `${run.status}|${run.updatedAt ?? ''}|${JSON.stringify(run.counts)}`;
    if (isFinalStatus(run.status)) {
      send('end', run);
      stop();
      res.end();
      return;
    }
    if (stamp !== last) send('progress', run);
    last = stamp;
    timer = setTimeout(() => {
      read().then(tick, () => {
        stop();
        res.end();
      });
    }, pollMs);
  };
  void tick(first);
}
