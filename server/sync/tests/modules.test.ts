import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import { CATALOG } from '../catalog/index.js';
import { compileMappings } from '../mapping/compile.js';
import { MODULES } from '../vocabulary.js';
import { openHarness, type Harness } from '../testing/harness.js';

describe('module catalog', () => {
  it('describes the seven pairs with the directions Sage allows', () => {
    expect(Object.keys(CATALOG)).toEqual([...MODULES]);
    const twoWay = MODULES.filter((m) => CATALOG[m].allowedDirections.includes('both'));
    expect(twoWay).toEqual(['Accounts', 'Contacts', 'Sales_Orders']);
    expect(CATALOG.Sales_Orders.needs).toEqual(['Accounts', 'Products']);
    expect(CATALOG.GL_Accounts.defaultSchedule).toEqual({ kind: 'interval', seconds: 86_400 });
    expect(CATALOG.Products.defaultSchedule).toEqual({ kind: 'interval', seconds: 3600 });
  });

  it('ships default mappings that compile, with every default direction allowed', () => {
    for (const m of MODULES) {
      const def = CATALOG[m];
      expect(() => compileMappings(m, def.defaultMappings)).not.toThrow();
      expect(def.allowedDirections).toContain(def.defaultDirection);
      const oneWay = !def.allowedDirections.includes('zoho_to_sage');
      if (oneWay)
        expect(def.defaultMappings.every((x) => x.direction === 'sage_to_zoho')).toBe(true);
    }
  });

  it('rejects a mapping whose transform is malformed, naming the row', () => {
    expect(() =>
      compileMappings('Accounts', [
        {
          zohoField: 'Phone',
          sageField: 'TelephoneNo',
          direction: 'both',
          transform: { kind: 'nope' },
          emptyOverwrites: false,
        },
        { zohoField: 'A,B', sageField: 'C', direction: 'both', emptyOverwrites: false },
      ]),
    ).toThrow(/row 1 \(Phone\).*row 2: several fields need a name, lines or lookup transform/);
  });
});

describeEngines('enabling and disabling modules (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
  });
  afterEach(() => h.close());

  it('enables what a module needs', async () => {
    const result = await h.engine.enableModule(h.tenantId, 'Sales_Orders', 'both');
    expect(result.alsoEnabled).toEqual(['Accounts', 'Products']);
    expect((await h.repos.moduleSettings.get(h.tenantId, 'Accounts'))?.direction).toBe('both');
    expect((await h.repos.moduleSettings.get(h.tenantId, 'Products'))?.direction).toBe(
      'sage_to_zoho',
    );
    expect((await h.repos.moduleSettings.get(h.tenantId, 'Sales_Orders'))?.direction).toBe('both');
  });

  it('refuses to disable a module others need, naming them', async () => {
    await h.engine.enableModule(h.tenantId, 'Contacts', 'both');
    await h.engine.enableModule(h.tenantId, 'Sales_Orders', 'sage_to_zoho');
    await expect(h.engine.disableModule(h.tenantId, 'Accounts')).rejects.toThrow(
      'Accounts is needed by Contacts, Sales_Orders; disable those first',
    );
    await h.engine.disableModule(h.tenantId, 'Contacts');
    await h.engine.disableModule(h.tenantId, 'Sales_Orders');
    await h.engine.disableModule(h.tenantId, 'Accounts');
    expect((await h.repos.moduleSettings.get(h.tenantId, 'Accounts'))?.direction).toBe('disabled');
  });

  it('refuses a direction Sage does not allow', async () => {
    await expect(h.engine.enableModule(h.tenantId, 'Products', 'zoho_to_sage')).rejects.toThrow(
      'Products cannot sync zoho_to_sage: Sage allows sage_to_zoho, disabled',
    );
  });
});
