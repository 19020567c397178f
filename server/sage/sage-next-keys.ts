import type { ModuleName } from '../sync/vocabulary.js';
import type { AgentClient } from './agent-client.js';
import { DEFAULT_AR_DIVISION } from './ar-division.js';
import type { SageEbwsClient } from './ebws-client.js';

/**
 * The Sage key a record created from Zoho will get, reserved before the create so the engine can
 * store it as an intent first (a crash after the create then finds the record by it). Customers
 * and orders take Sage's next number over eBWS; contacts have no numbering, so their code comes
 * from the name.
 */
export async function nextSageKey(
  ebws: SageEbwsClient,
  agent: AgentClient,
  module: ModuleName,
  fields: Record<string, unknown>,
  defaultDivision: string | undefined,
  reserved: ReservedKeys = new ReservedKeys(),
): Promise<string> {
  switch (module) {
    case 'Accounts': {
      // The mapping's division when it sets one, else the tenant's (its Sage connection's).
      const division = String(fields.ARDivisionNo ?? defaultDivision ?? DEFAULT_AR_DIVISION);
      const { value } = await ebws.getNextCustomerNo();
      return `${division.padStart(2, '0')}-${value}`;
    }
    case 'Sales_Orders':
      return (await ebws.getNextSalesOrderNo()).value;
    case 'Contacts':
      return nextContactKey(agent, fields, reserved);
    default:
      throw new Error(`${module} is read-only in Sage: no key to reserve`);
  }
}

/**
 * Latin letters that do not decompose into a base letter and a mark (NFD leaves Ø as Ø), spelt
 * as they are usually written in plain ASCII.
 */
const PLAIN_LATIN: Record<string, string> = {
  Ø: 'O',
  Æ: 'AE',
  Œ: 'OE',
  ẞ: 'SS',
  Ł: 'L',
  Đ: 'D',
  Ð: 'D',
  Þ: 'TH',
  Ħ: 'H',
  Ŧ: 'T',
};

/**
 * The code a contact's name gives: letters and digits only, up to 10, upper case. Accented
 * letters are folded to their base letter first (José → JOSE), not dropped (JOS), and letters
 * of their own are spelt out (Søren → SOREN, Æsa → AESA, Straße → STRASSE).
 */
export function contactCodeBase(name: unknown): string {
  const code = String(name ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[ØÆŒẞŁĐÐÞĦŦ]/g, (c) => PLAIN_LATIN[c] ?? c)
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 10);
  return code || 'CONTACT';
}

/** A contact code from the name (up to 10 characters), numbered when already taken. */
async function nextContactKey(
  agent: AgentClient,
  fields: Record<string, unknown>,
  reserved: ReservedKeys,
): Promise<string> {
  const division = String(fields.ARDivisionNo ?? '');
  const customer = String(fields.CustomerNo ?? '');
  const base = contactCodeBase(fields.ContactName);
  for (let n = 0; n < 100; n++) {
    const suffix = n === 0 ? '' : String(n);
    const code = base.slice(0, 10 - suffix.length) + suffix;
    const key = `${division}-${customer}-${code}`;
    if (reserved.has(key)) continue;
    const taken = await agent.getRecords('AR_CustomerContact', [[division, customer, code]]);
    // Asked again after the agent's answer: another record of the page may have taken it since.
    if (taken.length === 0 && !reserved.has(key)) {
      reserved.add(key);
      return key;
    }
  }
  throw new Error(`no free contact code for ${base} under ${division}-${customer}`);
}

/**
 * Contact keys handed out but perhaps not created in Sage yet. A page's records are written
 * several at once, so two contacts named alike under one customer both found ANNNEW free in Sage;
 * the second's intent then failed on the links' unique key, its reason a raw SQL statement. The
 * most recent keys are kept (a page's worth many times over), not every key ever handed out.
 */
export class ReservedKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly limit = 10_000) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > this.limit) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
  }
}
