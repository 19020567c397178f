import { describe, expect, it } from 'vitest';
import type { GatewayRecord } from '../gateways.js';
import type { CompiledMapping } from '../mapping/compile.js';
import type { Link } from '../model/index.js';
import type { LinkStore } from '../stores.js';
import { LinkLookups, LOOKUP_GENERATIONS } from './lookups.js';
import { RecentMap } from './recent-map.js';

/** A store where every Sage key asked for is linked to `z-<key>`, and which counts the asks. */
function linkedStore(): LinkStore & { asked: string[][] } {
  const asked: string[][] = [];
  const link = (sageKey: string): Link => ({
    id: 1,
    tenantId: 't',
    module: 'Accounts',
    sageKey,
    zohoId: `z-${sageKey}`,
    state: 'linked',
    createdAt: '',
    updatedAt: '',
  });
  return {
    asked,
    findManyBySageKeys: async (_t: string, _m: string, keys: string[]) => {
      asked.push(keys);
      return keys.map(link);
    },
    findManyByZohoIds: async () => [],
  } as unknown as LinkStore & { asked: string[][] };
}

const accountLookup = {
  label: 'Account_Name ↔ ARDivisionNo,CustomerNo',
  zohoFields: ['Account_Name'],
  sageFields: ['ARDivisionNo', 'CustomerNo'],
  direction: 'both',
  transform: { kind: 'lookup', module: 'Accounts' },
  emptyOverwrites: false,
} as CompiledMapping;

const contact = (i: number): GatewayRecord => ({
  id: `CT${i}`,
  version: 'v1',
  fields: { ARDivisionNo: '01', CustomerNo: `C${i}` },
});

const page = (n: number, size: number) =>
  Array.from({ length: size }, (_, i) => contact(n * size + i));

describe('LinkLookups over a long pass', () => {
  it('holds the links of its last few pages only, not every page of the run', async () => {
    const lookups = new LinkLookups(linkedStore(), 't');
    for (let n = 0; n < 200; n++) {
      await lookups.prefetch([accountLookup], undefined, { sage: page(n, 500), zoho: [] });
    }
    // 200 pages of 500 contacts, each naming its own account: 100,000 links seen, both ways.
    expect(lookups.linksHeld).toBe(LOOKUP_GENERATIONS * 500 * 2);
    expect(lookups.zohoIdFor('Accounts', '01-C99999')).toBe('z-01-C99999');
    // The page before is still in flight: its links are still known.
    expect(lookups.zohoIdFor('Accounts', '01-C99000')).toBe('z-01-C99000');
    expect(lookups.zohoIdFor('Accounts', '01-C1')).toBeUndefined();
  });

  it('knows a link made during a page while the next page is prefetched', async () => {
    const lookups = new LinkLookups(linkedStore(), 't');
    await lookups.prefetch([accountLookup], undefined, { sage: page(0, 2), zoho: [] });
    lookups.remember('Accounts', '01-NEW', 'z-new');
    await lookups.prefetch([accountLookup], undefined, { sage: page(1, 2), zoho: [] });
    expect(lookups.zohoIdFor('Accounts', '01-NEW')).toBe('z-new');
    expect(lookups.sageKeyFor('Accounts', 'z-new')).toBe('01-NEW');
  });

  it('reads again the link of a main account an earlier page held, once it is forgotten', async () => {
    const store = linkedStore();
    const lookups = new LinkLookups(store, 't');
    const mainAccount = {
      label: 'Parent_Account ↔ Account,MainAccountCode',
      zohoFields: ['Parent_Account'],
      sageFields: ['Account', 'MainAccountCode'],
      direction: 'sage_to_zoho',
      transform: { kind: 'main_account' },
      emptyOverwrites: false,
    } as CompiledMapping;
    const gl = (key: string, account: string): GatewayRecord => ({
      id: key,
      version: 'v1',
      fields: { AccountKey: key, Account: account, MainAccountCode: '1000' },
    });
    // Page 0 holds the main account 1000-00 and a sub-account of it.
    await lookups.prefetch([mainAccount], undefined, {
      sage: [gl('K100000', '1000-00'), gl('K100001', '1000-01')],
      zoho: [],
    });
    for (let n = 2; n < 2 + LOOKUP_GENERATIONS + 1; n++) {
      await lookups.prefetch([mainAccount], undefined, {
        sage: [gl(`K10000${n}`, `1000-0${n}`)],
        zoho: [],
      });
    }
    expect(lookups.glAccount('1000-00')).toEqual({ zohoId: 'z-K100000', sageKey: 'K100000' });
    expect(store.asked.at(-1)).toEqual(['K100000']);
  });
});

describe('RecentMap', () => {
  it('forgets what was set more than `keep` generations ago', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.turn();
    map.set('b', 2);
    expect([map.get('a'), map.get('b'), map.size]).toEqual([1, 2, 2]);
    map.turn();
    expect([map.get('a'), map.get('b'), map.size]).toEqual([undefined, 2, 1]);
  });

  it('gives the newest value of a key set in two generations', () => {
    const map = new RecentMap<string, number>(3);
    map.set('a', 1);
    map.turn();
    map.set('a', 2);
    expect(map.get('a')).toBe(2);
  });

  it('refuses to keep no generation', () => {
    expect(() => new RecentMap(0)).toThrow(RangeError);
  });
});
