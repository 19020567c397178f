import type http from 'node:http';
import soap from 'soap';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../../test/sage/harness.js';
import { EbwsSessions, TenantEbwsSessions } from './ebws-sessions.js';

describe('EbwsSessions', () => {
  it('holds at most its limit of tasks at once and serves waiters first come, first served', async () => {
    const sessions = new EbwsSessions(2);
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string) =>
      sessions.run(async () => {
        order.push(`start ${name}`);
        await new Promise<void>((resolve) => gates.set(name, resolve));
        order.push(`end ${name}`);
      });
    const all = ['a', 'b', 'c', 'd'].map(task);
    await Promise.resolve();
    expect(order).toEqual(['start a', 'start b']);
    gates.get('b')!();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(order).toEqual(['start a', 'start b', 'end b', 'start c']);
    gates.get('a')!();
    await new Promise<void>((resolve) => setImmediate(resolve));
    gates.get('c')!();
    await new Promise<void>((resolve) => setImmediate(resolve));
    gates.get('d')!();
    await Promise.all(all);
    expect(order.filter((o) => o.startsWith('start'))).toEqual([
      'start a',
      'start b',
      'start c',
      'start d',
    ]);
    expect(sessions.peakInUse).toBe(2);
  });

  it('gives the seat back when a task fails', async () => {
    const sessions = new EbwsSessions(1);
    await expect(sessions.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sessions.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => new EbwsSessions(0)).toThrow(RangeError);
    expect(() => new EbwsSessions(1.5)).toThrow('at least 1, got 1.5');
  });

  it('takes a new seat count at once: more seats serve waiters, fewer apply as calls end', async () => {
    const sessions = new EbwsSessions(1);
    const gates: Array<() => void> = [];
    let running = 0;
    const task = () =>
      sessions.run(async () => {
        running++;
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
      });
    const all = [task(), task(), task(), task()];
    await Promise.resolve();
    expect(running).toBe(1);
    sessions.resize(3);
    await Promise.resolve();
    expect([running, sessions.inUse]).toEqual([3, 3]);
    sessions.resize(1);
    // Two calls end: their seats are not passed on, as one seat is now all there is.
    gates.shift()!();
    gates.shift()!();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect([running, sessions.inUse]).toEqual([1, 1]);
    gates.shift()!();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect([running, sessions.inUse]).toEqual([1, 1]);
    gates.shift()!();
    await Promise.all(all);
    expect(sessions.inUse).toBe(0);
    expect(() => sessions.resize(0)).toThrow(RangeError);
  });

  it('keeps one set of seats per tenant', () => {
    const tenants = new TenantEbwsSessions(3);
    expect(tenants.forTenant('t1')).toBe(tenants.forTenant('t1'));
    expect(tenants.forTenant('t1')).not.toBe(tenants.forTenant('t2'));
    expect(tenants.forTenant('t2').limit).toBe(3);
    // A tenant's own count (its Sage connection's) resizes the same set.
    const t1 = tenants.forTenant('t1');
    expect(tenants.forTenant('t1', 6)).toBe(t1);
    expect(t1.limit).toBe(6);
    expect(tenants.forTenant('t2').limit).toBe(3);
  });
});

describe('eBWS clients sharing a tenant’s sessions (simulator)', () => {
  let h: Harness;
  let inFlight = 0;
  let peak = 0;
  const count = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    res.on('close', () => inFlight--);
  };
  beforeEach(async () => {
    h = await startHarness();
    inFlight = 0;
    peak = 0;
    h.sim.server.on('request', count);
  });
  afterEach(() => h.close());

  const key = { ARDivisionNo: '01', CustomerNo: 'ABF' };

  it('never has more calls at Sage than the seats, across clients', async () => {
    h.sim.faults.slow('GetCustomer', 40);
    const sessions = new EbwsSessions(2);
    const a = h.client({}, { sessions });
    const b = h.client({}, { sessions });
    const results = await Promise.all(
      [a, b, a, b, a, b].map((c) => c.getCustomer(key).then((r) => r.value.CustomerName)),
    );
    expect(results).toEqual(Array(6).fill('American Business Futures'));
    expect(peak).toBe(2);
    expect(sessions.peakInUse).toBe(2);
  });

  it('holds the seat for the HTTP exchange only: the answer is parsed with it given back', async () => {
    const sessions = new EbwsSessions(1);
    const client = h.client({}, { sessions });
    // Both ends parse with the soap package: the simulator the request, the client the answer.
    const seatsWhenParsing: number[] = [];
    const parse = soap.WSDL.prototype.xmlToObject;
    const spy = vi.spyOn(soap.WSDL.prototype, 'xmlToObject').mockImplementation(function (
      this: soap.WSDL,
      ...args: [unknown, unknown?]
    ) {
      seatsWhenParsing.push(sessions.inUse);
      return parse.apply(this, args);
    });
    try {
      const read = await client.getCustomer(key);
      expect(read.value.CustomerName).toBe('American Business Futures');
    } finally {
      spy.mockRestore();
    }
    expect(seatsWhenParsing).toEqual([1, 0]);
    expect(sessions.held.calls).toBe(1);
  });

  it('a record-lock retry waits out its backoff without a seat', async () => {
    const sessions = new EbwsSessions(1);
    let inBackoff!: () => void;
    const backoff = new Promise<void>((resolve) => (inBackoff = resolve));
    let endBackoff!: () => void;
    const writer = h.client(
      {},
      {
        sessions,
        retryDeps: {
          random: () => 0.5,
          sleep: () =>
            new Promise<void>((resolve) => {
              endBackoff = resolve;
              inBackoff();
            }),
        },
      },
    );
    const reader = h.client({}, { sessions });
    h.sim.faults.lockRecord('AR_Customer', key, { attempts: 1 });
    const update = writer.updateCustomer(key, { CustomerName: 'ABF Renamed' });
    await backoff;
    // The writer sleeps between attempts: the one seat is free for another call meanwhile.
    const read = await reader.getCustomer(key);
    expect(read.value.CustomerName).toBe('American Business Futures');
    endBackoff();
    const updated = await update;
    expect(updated.attempts.map((a) => [a.operation, a.outcome, a.error?.kind])).toEqual([
      ['GetCustomer', 'succeeded', undefined],
      ['UpdateCustomer', 'failed', 'locked'],
      ['UpdateCustomer', 'succeeded', undefined],
    ]);
    expect(sessions.peakInUse).toBe(1);
  });
});
