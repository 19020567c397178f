import { describe, expect, it } from 'vitest';
import type { ChangePage } from '../gateways.js';
import { PageReader } from './page-reader.js';

const page = (n: number, hasMore: boolean): ChangePage => ({
  records: [{ id: `r${n}`, version: '2026-11-21T18:00:00Z', fields: {} }],
  deleted: [],
  nextCursor: `c${n}`,
  hasMore,
});

/** A feed of `count` pages whose answers the test releases one by one. */
function feed(count: number) {
  const sent: Array<string | undefined> = [];
  const answers: Array<(p: ChangePage) => void> = [];
  const read = (cursor: string | undefined) => {
    const n = sent.push(cursor);
    return new Promise<ChangePage>((resolve) => answers.push(() => resolve(page(n, n < count))));
  };
  const answer = async (i: number) => {
    answers[i]!(page(0, false));
    await new Promise((r) => setImmediate(r));
  };
  return { sent, read, answer };
}

describe('PageReader', () => {
  it('sends each read as the one before is answered, up to `depth` pages not yet taken', async () => {
    const f = feed(5);
    const reader = new PageReader(f.read, 'c0', 2);
    expect(f.sent).toEqual(['c0']);
    await f.answer(0);
    // Page 1 is answered and not taken: page 2's read goes at once, from page 1's cursor.
    expect(f.sent).toEqual(['c0', 'c1']);
    await f.answer(1);
    // Two pages wait to be taken: the third read waits for a take.
    expect(f.sent).toEqual(['c0', 'c1']);
    expect((await reader.take()).nextCursor).toBe('c1');
    expect(f.sent).toEqual(['c0', 'c1', 'c2']);
    expect((await reader.take()).nextCursor).toBe('c2');
    await f.answer(2);
    expect(f.sent).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('reads nothing after the page that says no more follow', async () => {
    const f = feed(2);
    const reader = new PageReader(f.read, undefined, 2);
    await f.answer(0);
    await f.answer(1);
    expect((await reader.take()).hasMore).toBe(true);
    expect((await reader.take()).hasMore).toBe(false);
    expect(f.sent).toEqual([undefined, 'c1']);
    await expect(reader.take()).rejects.toThrow(/no page left/);
  });

  it('fails the take of a page whose read failed, and sends no read after it', async () => {
    const sent: Array<string | undefined> = [];
    const reader = new PageReader(
      async (cursor) => {
        sent.push(cursor);
        throw new Error('agent unreachable');
      },
      'c0',
      2,
    );
    await new Promise((r) => setImmediate(r));
    await expect(reader.take()).rejects.toThrow('agent unreachable');
    expect(sent).toEqual(['c0']);
  });

  it('sends no read once stopped', async () => {
    const f = feed(5);
    const reader = new PageReader(f.read, 'c0', 2);
    reader.stop();
    await f.answer(0);
    expect(f.sent).toEqual(['c0']);
  });
});
