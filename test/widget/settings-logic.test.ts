import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILTER_OPERATORS } from '../../server/sync/mapping/filters.js';
import { RUN_KINDS } from '../../server/sync/vocabulary.js';
import en from '../../widget/translations/en.json' with { type: 'json' };
import { progressOf, timeLeft } from '../../widget/src/settings/runs.js';
import { scheduleOf } from '../../widget/src/settings/schedule.js';
import { toFilter } from '../../widget/src/settings/sections/filters.js';
import { rowProblems } from '../../widget/src/settings/sections/mapping.js';
import { runRequest } from '../../widget/src/settings/sections/sync-now.js';

/** The settings screens' own logic: what they check before a request, and how they read answers. */

describe('schedule form', () => {
  const base = { every: '15', unit: 'minutes', times: '', timeZone: 'America/Chicago' } as const;
  it('turns an interval into seconds, down to 30 s', () => {
    expect(scheduleOf({ ...base, kind: 'interval' })).toEqual({
      schedule: { kind: 'interval', seconds: 900 },
    });
    expect(
      scheduleOf({ ...base, kind: 'interval', every: '30', unit: 'seconds' }).schedule,
    ).toEqual({ kind: 'interval', seconds: 30 });
    expect(scheduleOf({ ...base, kind: 'interval', every: '29', unit: 'seconds' }).problem).toEqual(
      { field: 'every', key: 'settings.schedule.tooOften' },
    );
    expect(scheduleOf({ ...base, kind: 'interval', every: 'often' }).problem?.key).toBe(
      'settings.schedule.everyNumber',
    );
  });
  it('checks times of day and the time zone, and sorts the times', () => {
    expect(scheduleOf({ ...base, kind: 'times', times: '18:30, 06:00 06:00' })).toEqual({
      schedule: { kind: 'times', times: ['06:00', '18:30'], timeZone: 'America/Chicago' },
    });
    expect(scheduleOf({ ...base, kind: 'times', times: '6:00' }).problem).toEqual({
      field: 'times',
      key: 'settings.schedule.badTime',
      vars: { time: '6:00' },
    });
    expect(scheduleOf({ ...base, kind: 'times', times: '' }).problem?.key).toBe(
      'settings.schedule.noTimes',
    );
    expect(
      scheduleOf({ ...base, kind: 'times', times: '06:00', timeZone: 'Mars/Olympus' }).problem,
    ).toEqual({
      field: 'timeZone',
      key: 'settings.schedule.badZone',
      vars: { zone: 'Mars/Olympus' },
    });
  });
});

describe('sync now request', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');
  const form = {
    modules: ['Accounts'],
    mode: 'both' as const,
    window: 'last_run' as const,
    days: '7',
    date: '',
  };
  it('reads changes since the cursor, the last N days, or a date', () => {
    expect(runRequest(form, now)).toEqual({ body: { modules: ['Accounts'], direction: 'both' } });
    expect(runRequest({ ...form, window: 'days' }, now).body?.since).toBe(
      '2026-11-24T12:00:00.000Z',
    );
    expect(runRequest({ ...form, window: 'date', date: '2026-11-01' }, now).body?.since).toBe(
      new Date('2026-11-01T00:00:00').toISOString(),
    );
  });
  it('refuses what it cannot send', () => {
    expect(runRequest({ ...form, modules: [] }, now).problem).toBe('settings.syncNow.pickModule');
    expect(runRequest({ ...form, window: 'days', days: '0' }, now).problem).toBe(
      'settings.syncNow.badDays',
    );
    expect(runRequest({ ...form, window: 'date', date: '2027-01-01' }, now).problem).toBe(
      'settings.syncNow.futureDate',
    );
    expect(runRequest({ ...form, window: 'date', date: '' }, now).problem).toBe(
      'settings.syncNow.badDate',
    );
  });
});

describe('filter rows', () => {
  it('sends lists for in/not_in, nothing for empty, text otherwise', () => {
    expect(toFilter({ side: 'zoho', field: ' State ', operator: 'in', text: 'CA, OR,' })).toEqual({
      side: 'zoho',
      field: 'State',
      operator: 'in',
      value: ['CA', 'OR'],
    });
    expect(
      toFilter({ side: 'sage', field: 'EmailAddress', operator: 'empty', text: 'x' }).value,
    ).toBe(null);
    expect(
      toFilter({ side: 'sage', field: 'City', operator: 'equals', text: 'Irvine' }).value,
    ).toBe('Irvine');
  });
});

describe("the server's refusals by row", () => {
  it('reads issues paths and the compiler’s "row N" problems', () => {
    const error = {
      problem: {
        issues: [
          { path: 'mappings.3.zohoField', message: 'Zoho has no field Shoe_Size' },
          { path: 'mappings.3.sageField', message: 'Sage has no field Heel' },
        ],
        problems: ['row 2 (Street): several fields need a name, lines or lookup transform'],
      },
    };
    expect([...rowProblems(error)]).toEqual([
      [3, ['Zoho has no field Shoe_Size', 'Sage has no field Heel']],
      [1, ['several fields need a name, lines or lookup transform']],
    ]);
  });
});

describe('progress of a run', () => {
  const run = {
    id: 'r',
    module: 'Accounts',
    direction: 'sage_to_zoho',
    kind: 'backfill',
    dryRun: false,
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: null,
    reason: null,
    flags: [],
  };
  it('reads read, written, left and a percentage from the progress', () => {
    const p = progressOf({
      ...run,
      status: 'running',
      counts: {},
      progress: {
        phase: 'reading',
        read: { sage: 40, zoho: 0 },
        written: { sage: 0, zoho: 35 },
        skipped: 2,
        failed: 1,
        estimatedTotal: 160,
        pages: 2,
        ratePerSecond: 12.5,
        secondsLeft: 10,
        updatedAt: '2026-12-01T10:00:04.000Z',
      },
    });
    expect(p).toMatchObject({
      read: 40,
      written: 35,
      left: 120,
      total: 160,
      percent: 25,
      rate: 12.5,
    });
  });
  it('weighs each pass the same: a later pass counted does not take the bar back', () => {
    const twoWay = (zoho: { done: number; estimatedTotal: number | null }) =>
      progressOf({
        ...run,
        direction: 'both',
        status: 'running',
        counts: {},
        progress: {
          phase: 'reading_zoho',
          read: { sage: 1200, zoho: zoho.done },
          written: { sage: 0, zoho: 1200 },
          skipped: 0,
          failed: 0,
          estimatedTotal: 1200 + (zoho.estimatedTotal ?? 0),
          passes: [
            { pass: 'sage_to_zoho', done: 1200, estimatedTotal: 1200, finished: true },
            { pass: 'zoho_to_sage', finished: false, ...zoho },
          ],
          pages: 3,
          ratePerSecond: 100,
          secondsLeft: null,
          updatedAt: '2026-12-01T10:00:12.000Z',
        },
      });
    // Zoho uncounted: half the bar, and nothing said to be left.
    expect(twoWay({ done: 0, estimatedTotal: null })).toMatchObject({
      percent: 50,
      left: null,
      total: null,
    });
    // Its count arrives (800): still half, then rising with its pass.
    expect(twoWay({ done: 0, estimatedTotal: 800 })).toMatchObject({ percent: 50, left: 800 });
    expect(twoWay({ done: 400, estimatedTotal: 800 })).toMatchObject({ percent: 75, left: 400 });
  });
  it('is full when the run has ended', () => {
    expect(progressOf({ ...run, status: 'succeeded', counts: { created: 3 } }).percent).toBe(100);
  });
});

describe('time left of a run', () => {
  it('says about N min left, rounded up, from the estimate; nothing without one', () => {
    expect(timeLeft(null)).toBeNull();
    expect(timeLeft(0)).toEqual({ key: 'settings.historical.finishing' });
    expect(timeLeft(42)).toEqual({ key: 'settings.historical.underMinute' });
    expect(timeLeft(60)).toEqual({ key: 'settings.historical.minLeft', vars: { n: 1 } });
    expect(timeLeft(61)).toEqual({ key: 'settings.historical.minLeft', vars: { n: 2 } });
    expect(timeLeft(7139)).toEqual({ key: 'settings.historical.minLeft', vars: { n: 119 } });
    expect(timeLeft(7500)).toEqual({ key: 'settings.historical.hoursLeft', vars: { h: 2, m: 5 } });
  });
});

describe('translations', () => {
  it('has every settings key the screens use', () => {
    const dir = path.resolve('widget/src/settings');
    const files = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.tsx') || f.endsWith('.ts'));
    const used = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/'(settings\.[A-Za-z0-9_.]+)'/g)) used.add(m[1]!);
    }
    const dynamic: Record<string, string[]> = {
      'settings.status': ['running', 'queued', 'succeeded', 'partial', 'failed', 'cancelled'],
      'settings.action': [
        'created',
        'updated',
        'unchanged',
        'skipped',
        'failed',
        'conflict',
        'deleted',
        'echo',
      ],
      'settings.direction': ['sage_to_zoho', 'zoho_to_sage', 'both', 'disabled'],
      'settings.check': [
        'reachable',
        'tls',
        'logon',
        'company',
        'web_services',
        'agent',
        'agent_version',
        'clock_skew',
      ],
      'settings.check.status': ['passed', 'failed', 'warning', 'skipped'],
      'settings.activity.state': ['ok', 'failing', 'never_run'],
      'settings.operator': [...FILTER_OPERATORS],
      'settings.transform': [
        'none',
        'name',
        'lines',
        'code',
        'phone',
        'date',
        'number',
        'yesno',
        'constant',
        'lookup',
      ],
      'settings.kind': [...RUN_KINDS],
      'settings.notifications.mode': ['off', 'failures', 'every', 'digest'],
      'settings.notifications.channel': ['email', 'webhook'],
      'settings.notifications.kind': ['run', 'digest', 'test'],
      'settings.notifications.status': ['pending', 'delivered', 'failed'],
    };
    for (const [prefix, values] of Object.entries(dynamic))
      for (const v of values) used.add(`${prefix}.${v}`);
    const missing = [...used].filter((k) => !(k in en) && !k.endsWith('.'));
    expect(missing).toEqual([]);
  });
});
