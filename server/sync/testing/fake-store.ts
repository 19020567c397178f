import type {
  ChangePage,
  GatewayRecord,
  LineFields,
  RecordPage,
  WriteResult,
} from '../gateways.js';
import type { ModuleName } from '../vocabulary.js';
import type { FakeClock } from './clock.js';

interface Stored {
  fields: Record<string, unknown>;
  lines?: LineFields[];
  version: string;
  seq: number;
}

/**
 * The record store shared by the fake Sage and fake Zoho: records per module with a change
 * sequence (the cursor), a deleted log, write counters for assertions, and one-shot failures.
 */
export class FakeStore {
  private readonly modules = new Map<ModuleName, Map<string, Stored>>();
  private readonly deletedLog = new Map<ModuleName, Array<{ id: string; seq: number }>>();
  private seq = 0;
  readonly writes: Array<{
    op: string;
    module: ModuleName;
    id: string;
    fields?: Record<string, unknown>;
  }> = [];
  private readonly failures: Array<{ op: string; result: Extract<WriteResult, { ok: false }> }> =
    [];

  constructor(readonly clock: FakeClock) {}

  table(module: ModuleName): Map<string, Stored> {
    let t = this.modules.get(module);
    if (!t) this.modules.set(module, (t = new Map()));
    return t;
  }

  /** Makes the next call of `op` fail with this result (one shot). */
  failNext(op: string, code: string, message: string, retryable = false): void {
    this.failures.push({ op, result: { ok: false, code, message, retryable } });
  }

  takeFailure(op: string): Extract<WriteResult, { ok: false }> | undefined {
    const i = this.failures.findIndex((f) => f.op === op);
    if (i < 0) return undefined;
    return this.failures.splice(i, 1)[0]?.result;
  }

  put(
    module: ModuleName,
    id: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ): GatewayRecord {
    const version = this.clock.tick();
    const stored: Stored = {
      fields: structuredClone(fields),
      lines: lines && structuredClone(lines),
      version,
      seq: ++this.seq,
    };
    this.table(module).set(id, stored);
    return this.read(module, id)!;
  }

  /** Changes a record without moving its version or sequence: a Sage bulk import. */
  putSilently(module: ModuleName, id: string, fields: Record<string, unknown>): void {
    const stored = this.table(module).get(id);
    if (stored) stored.fields = { ...stored.fields, ...structuredClone(fields) };
  }

  remove(module: ModuleName, id: string): boolean {
    const existed = this.table(module).delete(id);
    if (existed) {
      const log = this.deletedLog.get(module) ?? [];
      log.push({ id, seq: ++this.seq });
      this.deletedLog.set(module, log);
      this.clock.tick();
    }
    return existed;
  }

  read(module: ModuleName, id: string): GatewayRecord | undefined {
    const s = this.table(module).get(id);
    if (!s) return undefined;
    return {
      id,
      version: s.version,
      fields: structuredClone(s.fields),
      lines: s.lines && structuredClone(s.lines),
    };
  }

  all(module: ModuleName): GatewayRecord[] {
    return [...this.table(module).keys()].map((id) => this.read(module, id)!);
  }

  changes(
    module: ModuleName,
    cursor: string | undefined,
    since: string | undefined,
    limit: number,
  ): ChangePage {
    const after = cursor ? Number(cursor) : 0;
    const changed = [...this.table(module).entries()]
      .filter(([, s]) => s.seq > after && (!since || cursor || s.version >= since))
      .sort((a, b) => a[1].seq - b[1].seq);
    const deleted = (this.deletedLog.get(module) ?? []).filter((d) => d.seq > after);
    const page = changed.slice(0, limit);
    const hasMore = changed.length > limit;
    const lastSeq = hasMore ? (page[page.length - 1]?.[1].seq ?? after) : this.seq;
    return {
      records: page.map(([id]) => this.read(module, id)!),
      deleted: hasMore ? [] : deleted.map((d) => d.id),
      nextCursor: String(Math.max(lastSeq, after)),
      hasMore,
    };
  }

  page(module: ModuleName, token: string | undefined, size = 200): RecordPage {
    const ids = [...this.table(module).keys()].sort();
    const start = token ? Number(token) : 0;
    const slice = ids.slice(start, start + size);
    return {
      records: slice.map((id) => this.read(module, id)!),
      nextPageToken: start + size < ids.length ? String(start + size) : undefined,
    };
  }

  count(op: string, module?: ModuleName): number {
    return this.writes.filter((w) => w.op === op && (!module || w.module === module)).length;
  }
}
