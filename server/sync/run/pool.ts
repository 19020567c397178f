/**
 * Lets a running task see that another one stopped the pool (a crash injected by the step hook):
 * it stops at its next step boundary, as the process's death would stop it.
 */
export interface Halt {
  /** Throws what stopped the pool, if anything did. */
  check(): void;
}

/**
 * Runs `task` for every item, at most `limit` at once, in the items' order of start. Tasks deal
 * with their own failures; anything a task throws stops the pool: no task starts after it, the
 * running ones are awaited (their `halt.check()` throws), and the first error is rethrown.
 */
export async function forEachConcurrently<T>(
  items: T[],
  limit: number,
  task: (item: T, halt: Halt) => Promise<void>,
): Promise<void> {
  let next = 0;
  let stopped: { error: unknown } | undefined;
  const halt: Halt = {
    check() {
      if (stopped) throw stopped.error;
    },
  };
  const worker = async () => {
    while (!stopped && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item, halt);
      } catch (error) {
        stopped ??= { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (stopped) throw stopped.error;
}
