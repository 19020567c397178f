import { describe, expect, it } from 'vitest';
import { generateCompany } from './generator.js';
import { SageStore } from './store.js';

const clock = () => new Date('2026-11-21T18:00:00Z');

describe('generateCompany', () => {
  it('builds the same company from the same seed, with every table filled', () => {
    const a = generateCompany(new SageStore({ clock }), { seed: 42, customers: 10 });
    const b = generateCompany(new SageStore({ clock }), { seed: 42, customers: 10 });
    expect(a.list('AR_Customer')).toEqual(b.list('AR_Customer'));
    expect(a.count('AR_Customer')).toBe(10);
    expect(a.count('AR_CustomerContact')).toBeGreaterThanOrEqual(10);
    expect(a.count('CI_Item')).toBe(5);
    expect(a.count('AP_Vendor')).toBe(2);
    expect(a.count('GL_Account')).toBe(6);
    expect(a.count('SO_SalesOrderHeader')).toBe(10);
    expect(a.count('SO_SalesOrderDetail')).toBeGreaterThanOrEqual(10);
    expect(a.count('AR_InvoiceHistoryHeader')).toBe(10);
    expect(a.count('SY_ZipCode')).toBe(8);
    expect(a.settings.NextCustomerNo).toBe(11);
  });

  it('gives different rows for a different seed', () => {
    const a = generateCompany(new SageStore({ clock }), { seed: 1, customers: 5 });
    const b = generateCompany(new SageStore({ clock }), { seed: 2, customers: 5 });
    expect(a.list('AR_Customer').map((r) => r.CustomerName)).not.toEqual(
      b.list('AR_Customer').map((r) => r.CustomerName),
    );
  });

  it('writes Sage formats: YYYYMMDD dates, decimal-hour times within the last 30 days, Y/N flags', () => {
    const c = generateCompany(new SageStore({ clock }), { seed: 7, customers: 20 });
    for (const row of c.list('AR_Customer')) {
      expect(row.DateUpdated).toMatch(/^2026(10|11)\d{2}$/);
      expect(String(row.DateUpdated) <= '20261121').toBe(true);
      expect(Number(row.TimeUpdated)).toBeGreaterThanOrEqual(0);
      expect(Number(row.TimeUpdated)).toBeLessThan(24);
      expect(String(row.TimeUpdated).length).toBeLessThanOrEqual(8);
      expect(['Y', 'N']).toContain(row.CreditHold);
      expect(row.ZipCode && c.get('SY_ZipCode', { ZipCode: row.ZipCode })).toBeTruthy();
    }
    const line = c.list('SO_SalesOrderDetail')[0];
    expect(line && c.get('CI_Item', { ItemCode: line.ItemCode })).toBeTruthy();
  });
});
