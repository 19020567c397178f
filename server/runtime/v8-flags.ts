import v8 from 'node:v8';

/**
 * V8 settings for every process that runs syncs (the backend, the sync CLI), applied by importing
 * this module first, so that `npm start`, `node dist/server/main.js` under any process manager
 * and tsx in development all run the same way, and the benchmarks measure what production runs
 * (bench/first-sync-child.ts imports it too). ADRs 0096, 0098.
 *
 * - No allocation-site pretenuring. A sync's records live for a page (read, planned, written,
 *   stored), longer than a young-generation cycle and far shorter than the process. V8 sees a
 *   page's objects survive a scavenge and starts allocating them straight into the old
 *   generation, where they die as garbage only a full collection reclaims, and each such decision
 *   throws away the optimized code that allocates there (recompiled for 100-150 ms of a first
 *   sync's CPU). Without it a first sync of 100,000 customers promotes a third as much and
 *   peaks ~15% lower.
 * - The old generation grows by 1.3x its live size between full collections, not by up to 4x:
 *   V8 gives heaps whose limit is 2 GB or more (Node's default on any machine with 16 GB) a
 *   growing factor of up to 4, so a long sync's peak keeps climbing with its length although what
 *   it holds does not (ADR 0089, 0094). This is no cap: the heap can still grow to the same limit
 *   when it holds more. With little promoted (above), the extra full collections of a 20-30 MB
 *   heap cost a few ms each.
 * - A function goes to TurboFan after 8x the bytecode V8 runs it for by default (ADR 0098).
 *   With the default, a first sync of 10,000 customers sent 125 functions to TurboFan (450 ms of
 *   compiler-thread CPU, 16 deoptimizations): most of them warm for a few pages, not hot, and
 *   several compiled again once the types they saw widened. Waiting longer leaves 33 compiles
 *   (110 ms), the functions a sync spends its time in, and a record costs no more once they are
 *   compiled (100,000 customers: 59-61 µs a record either way).
 */
export const V8_FLAGS = [
  '--no-allocation-site-pretenuring',
  '--heap-growing-percent=30',
  '--interrupt-budget=540672',
] as const;

/**
 * Applied at import, before the code that allocates a sync's records has run. V8 reads these flags
 * at each collection, so setting them after start-up takes effect (a command-line flag would be
 * lost by anyone who starts the backend their own way).
 */
for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
