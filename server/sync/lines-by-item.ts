/**
 * An order's lines by their item, handed out in order: the nth `take` of an item gets the order's
 * nth line of it not yet taken. How a line from one side finds its line on the other, where the
 * two share no line key (Zoho's subform rows carry no Sage LineKey): the engine settling prices
 * (`plan/shared-precision.ts`) and the Sage client laying an update over the lines it read
 * (`sage/records.ts`).
 */
export class LinesByItem<T> {
  private readonly queues = new Map<string, T[]>();

  constructor(
    lines: readonly T[],
    private readonly itemOf: (line: T) => string,
  ) {
    for (const line of lines) {
      const item = itemOf(line);
      const queue = this.queues.get(item);
      if (queue) queue.push(line);
      else this.queues.set(item, [line]);
    }
  }

  /** The item's next line not yet taken, if any. */
  take(item: string): T | undefined {
    return this.queues.get(item)?.shift();
  }

  /** Takes this line out (claimed another way, by its key), so no `take` hands it out. */
  remove(line: T): void {
    const queue = this.queues.get(this.itemOf(line));
    const at = queue ? queue.indexOf(line) : -1;
    if (at >= 0) queue!.splice(at, 1);
  }
}
