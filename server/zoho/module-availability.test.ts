import { describe, expect, it } from 'vitest';
import { editionInForce, trialOf } from './limits.js';
import { availabilityFrom, editionLimits, ZohoModuleAvailability } from './module-availability.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const modules = (...names: string[]) =>
  names.map((apiName) => ({ apiName, pluralLabel: apiName, custom: apiName === 'GL_Accounts' }));

describe('the edition in force', () => {
  it('keeps a trial with its end and the paid edition after it, and falls back when it ends', () => {
    const trial = trialOf(
      {
        paid: false,
        paid_type: 'free',
        trial_type: 'professional',
        trial_expiry: '2026-12-10T00:00:00-06:00',
      },
      NOW,
    );
    expect(trial).toEqual({ trialEndsAt: '2026-12-10T06:00:00.000Z', editionAfterTrial: 'free' });
    expect(trialOf({ paid: true, paid_type: 'enterprise', trial_type: null }, NOW)).toBeUndefined();
    const c = { edition: 'professional', ...trial };
    expect(editionInForce(c, NOW)).toBe('professional');
    expect(editionInForce(c, Date.parse('2026-12-10T06:00:00Z'))).toBe('free');
    expect(editionInForce({ edition: 'standard' }, NOW)).toBe('standard');
    expect(editionLimits('free')).toEqual({ concurrency: 3, dailyCredits: 5_000 });
    expect(editionLimits('ultimate')).toEqual({ concurrency: 12, dailyCredits: null });
  });
});

describe('module availability', () => {
  it("decides Vendors by edition and by Zoho's module list, and GL by the module list", () => {
    expect(availabilityFrom('Vendors', 'standard', undefined)).toMatchObject({
      available: false,
      code: 'edition_required',
    });
    expect(availabilityFrom('Vendors', undefined, modules('Accounts'))).toMatchObject({
      code: 'edition_required',
    });
    expect(availabilityFrom('Vendors', undefined, modules('Vendors'))).toEqual({ available: true });
    expect(availabilityFrom('GL_Accounts', 'enterprise', modules('Accounts'))).toMatchObject({
      available: false,
      code: 'module_missing',
    });
    expect(availabilityFrom('GL_Accounts', 'enterprise', modules('GL_Accounts'))).toEqual({
      available: true,
    });
    // Zoho could not be asked: only the edition decides.
    expect(availabilityFrom('GL_Accounts', 'enterprise', undefined)).toEqual({ available: true });
  });

  it('asks Zoho once per period per tenant, again after forget, and not on a failed call', async () => {
    let calls = 0;
    let list = modules('Accounts');
    let fail = false;
    let now = NOW;
    const a = new ZohoModuleAvailability({
      connections: { get: async () => ({ edition: 'enterprise' }) },
      modules: async () => {
        calls++;
        if (fail) throw new Error('Zoho down');
        return list;
      },
      now: () => now,
      ttlMs: 60_000,
    });
    expect((await a.check('t1', 'GL_Accounts')).available).toBe(false);
    list = modules('Accounts', 'GL_Accounts');
    expect((await a.check('t1', 'GL_Accounts')).available).toBe(false);
    expect(calls).toBe(1);
    expect(await a.check('t1', 'Accounts')).toEqual({ available: true });
    expect(calls).toBe(1);
    a.forget('t1');
    expect((await a.check('t1', 'GL_Accounts')).available).toBe(true);
    expect(calls).toBe(2);
    now += 61_000;
    fail = true;
    expect((await a.check('t1', 'GL_Accounts')).available).toBe(true);
    fail = false;
    await a.check('t1', 'GL_Accounts');
    expect(calls).toBe(4);
  });

  it("ends a trial's modules at the trial's end though Zoho's module list is still cached (fake clock)", async () => {
    let now = NOW;
    let calls = 0;
    const a = new ZohoModuleAvailability({
      connections: {
        get: async () => ({
          edition: 'professional',
          trialEndsAt: new Date(NOW + 60_000).toISOString(),
          editionAfterTrial: 'standard',
        }),
      },
      modules: async () => {
        calls++;
        return modules('Accounts', 'Vendors');
      },
      now: () => now,
      ttlMs: 300_000,
    });
    expect(await a.check('t1', 'Vendors')).toEqual({ available: true });
    now += 120_000; // the trial is over; the module list (with Vendors) is two minutes old
    expect(await a.check('t1', 'Vendors')).toMatchObject({
      available: false,
      code: 'edition_required',
    });
    expect(await a.edition('t1')).toBe('standard');
    expect(calls).toBe(1);
  });
});
