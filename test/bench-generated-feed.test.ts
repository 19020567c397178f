import { describe, expect, it } from 'vitest';
import { GeneratedSage } from '../bench/generated-gateways.js';

/** The first-sync benchmark's feed: valid JSON text per customer, parsed as the feed parses. */
describe('the benchmark feed of generated customers', () => {
  it('pages through the customers from the cursor with every field typed as the agent sends it', async () => {
    const sage = new GeneratedSage(1_203);
    const first = await sage.listChanges('Accounts', undefined, { limit: 500 });
    expect(first.records).toHaveLength(500);
    expect(first).toMatchObject({ nextCursor: '500', hasMore: true, reportedChanges: 1_203 });
    expect(first.records[7]).toEqual({
      id: '01-C0000007',
      version: '2026-11-21T12:00:07.000Z',
      fields: {
        ARDivisionNo: '01',
        CustomerNo: 'C0000007',
        CustomerName: 'Harbor Supply 7 Incorporated',
        AddressLine1: '7 Harbor Boulevard',
        AddressLine2: 'Building 4',
        City: 'Irvine',
        State: 'CA',
        ZipCode: '92618',
        TelephoneNo: '(949) 555-0100',
        EmailAddress: 'ap7@harbor.example',
        CreditLimit: 15_007,
        CreditHold: 'N',
        CurrentBalance: 1234.5,
        CustomerType: 'RET',
        TermsCode: '01',
      },
    });
    const last = await sage.listChanges('Accounts', '1000', { limit: 500 });
    expect(last.records.map((r) => r.id)).toEqual(
      Array.from({ length: 203 }, (_, i) => `01-C${String(1_000 + i).padStart(7, '0')}`),
    );
    expect(last).toMatchObject({ nextCursor: '1203', hasMore: false });
    expect(last.records[202]!.fields.CreditLimit).toBe(15_202);
  });
});
