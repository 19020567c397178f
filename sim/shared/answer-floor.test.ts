import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { answerNoSoonerThan } from './answer-floor.js';

/** A response whose write and end record when they really happened. */
function response() {
  const ended: number[] = [];
  const written: number[] = [];
  const res = {
    write: () => {
      written.push(performance.now());
      return true;
    },
    end: () => {
      ended.push(performance.now());
      return res;
    },
  } as unknown as http.ServerResponse;
  return { res, ended, written };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The simulators' latency is a floor on the answer time, not a wait added to their work
 * (ADR 0075): quick work is answered at the latency, slow work as soon as it is done.
 */
describe('answerNoSoonerThan', () => {
  it('holds an answer whose work was quicker than the latency until the latency has passed', async () => {
    const { res, ended } = response();
    const arrived = performance.now();
    const work: number[] = [];
    answerNoSoonerThan(res, arrived + 80, { arrived, onWorkDone: (ms) => work.push(ms) });
    await sleep(10);
    res.end();
    expect(ended).toEqual([]);
    expect(work).toHaveLength(1);
    expect(work[0]).toBeGreaterThanOrEqual(9);
    expect(work[0]).toBeLessThan(80);
    await sleep(100);
    expect(ended).toHaveLength(1);
    expect(ended[0]! - arrived).toBeGreaterThanOrEqual(80);
  });

  it('answers work slower than the latency when it is done, the latency not added on top', async () => {
    const { res, ended } = response();
    const arrived = performance.now();
    answerNoSoonerThan(res, arrived + 20);
    // 60 ms of work: past the 20 ms floor, so the answer leaves at once.
    await sleep(60);
    const done = performance.now();
    res.end();
    expect(ended).toHaveLength(1);
    expect(ended[0]! - done).toBeLessThan(5);
  });

  it('holds a body written before its end (node-soap writes, then ends) until the latency, in order', async () => {
    const { res, ended, written } = response();
    const arrived = performance.now();
    const work: number[] = [];
    answerNoSoonerThan(res, arrived + 80, { arrived, onWorkDone: (ms) => work.push(ms) });
    await sleep(10);
    res.write('<Envelope>');
    res.end();
    // A client reading the body as it arrives sees none of it before the latency (ADR 0081).
    expect([written, ended]).toEqual([[], []]);
    expect(work).toHaveLength(1);
    await sleep(100);
    expect(written).toHaveLength(1);
    expect(written[0]! - arrived).toBeGreaterThanOrEqual(80);
    expect(ended[0]!).toBeGreaterThanOrEqual(written[0]!);
  });
});
