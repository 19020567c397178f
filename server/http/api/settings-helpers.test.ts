import { describe, expect, it } from 'vitest';
import { dayRange } from './activity-routes.js';
import { recordUrlTemplate, vendorsAvailability } from './connection-check-routes.js';
import { csvCell, eventsCsv } from './run-export-routes.js';
import { clockCheck } from './sage-checks.js';

describe('CSV export', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1 312')).toBe("'+1 312");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM')).toBe("'@SUM");
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('writes one line per event with its changes', () => {
    const csv = eventsCsv([
      {
        id: 7,
        tenantId: 't',
        runId: 'r',
        module: 'Accounts',
        direction: 'sage_to_zoho',
        sageKey: '01-ABF',
        action: 'failed',
        reason: 'Zoho refused: MANDATORY_NOT_FOUND, Account_Name',
        changes: [{ field: 'zoho.Phone', before: null, after: '(312) 555-0100' }],
        attempts: [],
        attempt: 2,
        createdAt: '2026-12-01T09:00:00.000Z',
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'event_id,module,direction,action,zoho_id,sage_key,reason,changes,attempt,replay_of,created_at',
      '7,Accounts,sage_to_zoho,failed,,01-ABF,"Zoho refused: MANDATORY_NOT_FOUND, Account_Name",zoho.Phone: (empty) -> (312) 555-0100,2,,2026-12-01T09:00:00.000Z',
      '',
    ]);
  });
});

describe('clock skew check', () => {
  const now = new Date('2026-07-01T15:00:00.000Z'); // 10:00 in Chicago (CDT)
  it('passes within two minutes', () => {
    expect(clockCheck({ date: '20260701', time: '10.01' }, 'America/Chicago', now)).toMatchObject({
      status: 'passed',
      message: "Sage's clock is within 36 s of ours.",
    });
  });
  it('warns of whole hours as a wrong time zone', () => {
    const c = clockCheck({ date: '20260701', time: '11' }, 'America/Chicago', now);
    expect(c.status).toBe('warning');
    expect(c.message).toMatch(/3600 s ahead of ours/);
    expect(c.fix).toMatch(/time zone is wrong/);
  });
  it('warns of drift as a clock to set', () => {
    const c = clockCheck({ date: '20260701', time: '9.9' }, 'America/Chicago', now);
    expect(c.status).toBe('warning');
    expect(c.message).toMatch(/360 s behind ours/);
    expect(c.fix).toMatch(/NTP/);
  });
});

describe('Vendors by edition', () => {
  it('needs Professional or above', () => {
    expect(vendorsAvailability('Standard').available).toBe(false);
    expect(vendorsAvailability('free').reason).toMatch(
      /Professional or above; this organisation has free/,
    );
    expect(vendorsAvailability('Professional')).toEqual({ available: true });
    expect(vendorsAvailability('enterprise')).toEqual({ available: true });
    expect(vendorsAvailability(undefined)).toEqual({ available: true });
  });
});

describe('activity days', () => {
  it('lists UTC days oldest first, ending today', () => {
    expect(dayRange(new Date('2026-12-01T01:00:00.000Z'), 3)).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
  });
});

describe('Zoho record links', () => {
  it('points at the CRM beside the accounts server', () => {
    expect(recordUrlTemplate('https://accounts.zoho.eu', '20071')).toBe(
      'https://crm.zoho.eu/crm/org20071/tab/{module}/{id}',
    );
    expect(recordUrlTemplate('https://accounts.zohocloud.ca', '5')).toBe(
      'https://crm.zohocloud.ca/crm/org5/tab/{module}/{id}',
    );
    expect(recordUrlTemplate('http://127.0.0.1:8200', '5')).toBeNull();
  });
});
