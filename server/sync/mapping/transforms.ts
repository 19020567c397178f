import { z } from 'zod';
import { MODULES, type ModuleName } from '../vocabulary.js';
import { mainAccountOf } from './gl-hierarchy.js';
import { lookupName, sageFirst } from './sage-first.js';
import { splitLines } from './split-lines.js';
import { isEmpty } from './values.js';

/**
 * Value transforms, stored as data in each mapping row. A transform converts the values of the
 * mapping's Sage fields to its Zoho fields and back; most work on one field, `name`, `lines` and
 * `lookup` on several (First_Name + Last_Name ↔ ContactName).
 */
/** Said on the mapping row whose number transform has a bad scale (the admin typed it). */
const DECIMALS = 'the number of decimals is a whole number from 0 to 6';
const decimals = z
  .number({ error: DECIMALS })
  .int({ error: DECIMALS })
  .min(0, { error: DECIMALS })
  .max(6, { error: DECIMALS });

export const transformSpec = z.discriminatedUnion('kind', [
  /** Zoho [First_Name, Last_Name] ↔ Sage [ContactName]. */
  z.object({ kind: z.literal('name') }),
  /** Zoho [Street] (lines joined by newlines) ↔ Sage [AddressLine1, AddressLine2, AddressLine3]. */
  z.object({ kind: z.literal('lines') }),
  /**
   * Sage code → Zoho value (picklists, terms). `otherwise`: what an unlisted value does: `reject`
   * holds the record back, `pass` writes the value as it is, `leave` syncs the record without this
   * field (the target keeps what it has) and notes the value on the record's event.
   */
  z.object({
    kind: z.literal('code'),
    table: z.record(z.string(), z.string()),
    otherwise: z.enum(['pass', 'reject', 'leave']).default('reject'),
  }),
  /** Sage "(NNN) NNN-NNNN" for ten-digit North American numbers; anything else kept as typed. */
  z.object({ kind: z.literal('phone') }),
  /** Sage YYYYMMDD ↔ Zoho YYYY-MM-DD. */
  z.object({ kind: z.literal('date') }),
  /**
   * A number, rounded to the decimals the target field holds: `scale` is the Zoho field's (its
   * decimal places), `sageScale` the Sage column's when it holds more (UnitPrice: 6) and `scale`
   * when left out. Values are compared at the fewer of the two (`sharedScale`): a Sage price of
   * 9.12345 and its Zoho 9.12 are the same price, so neither side is written back.
   */
  z.object({
    kind: z.literal('number'),
    scale: decimals.default(2),
    sageScale: decimals.optional(),
  }),
  /** Sage "Y"/"N" ↔ Zoho boolean; `invert` for InactiveItem ↔ Product_Active. */
  z.object({ kind: z.literal('yesno'), invert: z.boolean().default(false) }),
  /**
   * A Sage status code ↔ a Zoho checkbox: `on` (CustomerStatus "I") is ticked, any other code
   * (or none) unticked; an unticked or unset box writes `off` back ("A"). Two-valued, so an
   * unset box and an active customer agree. Unlike `yesno`, Sage's codes are not Y/N.
   */
  z.object({ kind: z.literal('flag'), on: z.string().min(1), off: z.string().min(1) }),
  /** Always writes this value to the target, whatever the source holds. */
  z.object({ kind: z.literal('constant'), value: z.union([z.string(), z.number(), z.boolean()]) }),
  /** A parent reference: Sage key fields ↔ a Zoho lookup {id}, resolved through the parent's links. */
  z.object({
    kind: z.literal('lookup'),
    module: z.enum(MODULES),
    /** An unlinked parent leaves the field empty instead of holding the record back. */
    optional: z.boolean().default(false),
  }),
  /**
   * A Zoho Deal (ADR 0066). `opportunity`: Zoho's Deal lookup ↔ the Deal's opportunity number in
   * Sage's CRMOpportunityID. `order`: Sage's sales order number → the Deal of the Zoho order
   * linked to it (Sage → Zoho only). A Deal nobody can find leaves the field empty: an order or
   * invoice never waits for its Deal.
   */
  z.object({
    kind: z.literal('deal'),
    via: z.enum(['opportunity', 'order']).default('opportunity'),
  }),
  /**
   * Sage [Account, MainAccountCode] → a Zoho lookup to the GL account that stands for the main
   * account (`mapping/gl-hierarchy.ts`): empty for a main account itself, or when the chart has
   * no such record. Sage → Zoho only.
   */
  z.object({ kind: z.literal('main_account') }),
]);
export type TransformSpec = z.infer<typeof transformSpec>;

/** Resolves parent references through links, prefetched for a whole batch. */
export interface LookupResolver {
  zohoIdFor(module: ModuleName, sageKey: string): string | undefined;
  sageKeyFor(module: ModuleName, zohoId: string): string | undefined;
  /** The parent's Sage key from the values of its key fields, in key order. */
  sageKeyFromValues(module: ModuleName, values: unknown[]): string | undefined;
  sageKeyValues(module: ModuleName, key: string): string[];
  /**
   * True when the module's records reach Sage only from Sage (Products, Vendors, ...: their
   * catalog allows no Zoho → Sage flow): a Zoho record of it that is not linked never will be by a
   * sync of its own, so it must be made in Sage first.
   */
  comesFromSageOnly?(module: ModuleName): boolean;
  /** Deals (ADR 0066), prefetched like parents; absent where no Zoho Deals are at hand. */
  dealIdForOpportunity?(opportunityId: string): string | undefined;
  opportunityForDeal?(dealId: string): string | undefined;
  dealIdForOrder?(salesOrderNo: string): string | undefined;
  /**
   * The GL account whose number is `account` (prefetched per page): its Zoho id, or, when it is
   * in the same batch and not in Zoho yet, its Sage key to wait for. Undefined: no such account.
   */
  glAccount?(account: string): { zohoId?: string; sageKey?: string } | undefined;
}

export type TransformOutcome =
  | { ok: true; values: unknown[] }
  /** The mapping writes nothing this time (`otherwise: 'leave'`); `note` says why. */
  | { ok: true; left: true; note: string }
  | { ok: false; reason: string; waitingFor?: { module: ModuleName; key: string } };

const ok = (values: unknown[]): TransformOutcome => ({ ok: true, values });
const left = (note: string): TransformOutcome => ({ ok: true, left: true, note });
const str = (v: unknown): string => (isEmpty(v) ? '' : String(v).trim());

function splitName(full: string): [string, string] {
  const words = full.split(/\s+/).filter(Boolean);
  if (words.length <= 1) return ['', words[0] ?? ''];
  return [words.slice(0, -1).join(' '), words[words.length - 1] ?? ''];
}

function formatPhone(value: unknown): string {
  const text = str(value);
  const digits = text.replace(/\D/g, '');
  // A number written with another country's code stays as written, whatever its length.
  if (/^\s*\+/.test(text) && !digits.startsWith('1')) return text;
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length === 10 && !/[a-wyz]/i.test(text)) {
    return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
  }
  return text;
}

function toNumber(value: unknown, scale: number): number | null | 'invalid' {
  if (isEmpty(value)) return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(/[,\s$]/g, ''));
  if (!Number.isFinite(n)) return 'invalid';
  const factor = 10 ** scale;
  return Math.round(n * factor) / factor;
}

/** Sage values → Zoho values. `arity` is the number of Zoho fields the mapping writes. */
export function toZoho(
  spec: TransformSpec | undefined,
  sage: unknown[],
  arity: number,
  lookups: LookupResolver,
): TransformOutcome {
  const first = sage[0];
  if (!spec) return ok([first]);
  switch (spec.kind) {
    case 'name':
      return ok(splitName(str(first)));
    case 'lines':
      return ok([sage.map(str).filter(Boolean).join('\n')]);
    case 'code': {
      if (isEmpty(first)) return ok([null]);
      const mapped = spec.table[str(first)];
      if (mapped !== undefined) return ok([mapped]);
      if (spec.otherwise === 'pass') return ok([str(first)]);
      if (spec.otherwise === 'leave')
        return left(`no translation for "${str(first)}", left as it is`);
      return { ok: false, reason: `no translation for "${str(first)}"` };
    }
    case 'phone':
      return ok([str(first) || null]);
    case 'date': {
      const text = str(first).replace(/-/g, '');
      if (!text) return ok([null]);
      if (!isDay(text)) return { ok: false, reason: `"${str(first)}" is not a date` };
      return ok([`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`]);
    }
    case 'number': {
      const n = toNumber(first, spec.scale);
      return n === 'invalid' ? { ok: false, reason: `"${str(first)}" is not a number` } : ok([n]);
    }
    case 'yesno': {
      if (isEmpty(first)) return ok([null]);
      const yes = str(first).toUpperCase() === 'Y';
      return ok([spec.invert ? !yes : yes]);
    }
    case 'flag':
      // Two-valued both ways: an empty code is Sage's default (active), an unset box is unticked.
      return ok([str(first).toUpperCase() === spec.on.toUpperCase()]);
    case 'constant':
      return ok(Array.from({ length: arity }, () => spec.value));
    case 'lookup': {
      const key = lookups.sageKeyFromValues(spec.module, sage);
      if (!key) return ok([null]);
      const id = lookups.zohoIdFor(spec.module, key);
      if (id) return ok([{ id }]);
      if (spec.optional) return ok([null]);
      return {
        ok: false,
        reason: `${spec.module} ${key} is not linked yet`,
        waitingFor: { module: spec.module, key },
      };
    }
    case 'main_account': {
      const main = mainAccountOf(str(sage[0]), str(sage[1]));
      if (!main) return ok([null]);
      const parent = lookups.glAccount?.(main);
      if (parent?.zohoId) return ok([{ id: parent.zohoId }]);
      if (!parent?.sageKey) return ok([null]);
      return {
        ok: false,
        reason: `its main account ${main} (GL_Accounts ${parent.sageKey}) is not linked yet`,
        waitingFor: { module: 'GL_Accounts', key: parent.sageKey },
      };
    }
    case 'deal': {
      const value = str(sage[0]);
      if (!value) return ok([null]);
      const id =
        spec.via === 'order'
          ? lookups.dealIdForOrder?.(value)
          : lookups.dealIdForOpportunity?.(value.toUpperCase());
      return ok([id ? { id } : null]);
    }
  }
}

/** Zoho values → Sage values. `arity` is the number of Sage fields the mapping writes. */
export function toSage(
  spec: TransformSpec | undefined,
  zoho: unknown[],
  arity: number,
  lookups: LookupResolver,
  widths: number[] = [],
): TransformOutcome {
  const first = zoho[0];
  if (!spec) return ok([first]);
  switch (spec.kind) {
    case 'name':
      return ok([zoho.map(str).filter(Boolean).join(' ')]);
    case 'lines':
      return ok(splitLines(str(first), arity, widths));
    case 'code': {
      if (isEmpty(first)) return ok([null]);
      const entry = Object.entries(spec.table).find(([, zohoValue]) => zohoValue === str(first));
      if (entry) return ok([entry[0]]);
      if (spec.otherwise === 'pass') return ok([str(first)]);
      if (spec.otherwise === 'leave')
        return left(`no Sage code for "${str(first)}", left as it is`);
      return { ok: false, reason: `no Sage code for "${str(first)}"` };
    }
    case 'phone':
      return ok([isEmpty(first) ? null : formatPhone(first)]);
    case 'date': {
      const text = str(first);
      if (!text) return ok([null]);
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
      if (!m || !isDay(m.slice(1).join('')))
        return { ok: false, reason: `"${text}" is not a date` };
      return ok([`${m[1]}${m[2]}${m[3]}`]);
    }
    case 'number': {
      const n = toNumber(first, spec.sageScale ?? spec.scale);
      return n === 'invalid' ? { ok: false, reason: `"${str(first)}" is not a number` } : ok([n]);
    }
    case 'yesno': {
      if (first === null || first === undefined || first === '') return ok([null]);
      const yes = first === true || first === 'true';
      return ok([(spec.invert ? !yes : yes) ? 'Y' : 'N']);
    }
    case 'flag':
      return ok([first === true || first === 'true' ? spec.on : spec.off]);
    case 'constant':
      return ok(Array.from({ length: arity }, () => spec.value));
    case 'lookup': {
      const id = lookupId(first);
      if (!id) return ok(Array.from({ length: arity }, () => null));
      const key = lookups.sageKeyFor(spec.module, id);
      if (!key) {
        if (spec.optional) return ok(Array.from({ length: arity }, () => null));
        return {
          ok: false,
          reason: lookups.comesFromSageOnly?.(spec.module)
            ? sageFirst(spec.module, id, lookupName(first))
            : `${spec.module} ${id} is not linked to Sage yet`,
          waitingFor: { module: spec.module, key: id },
        };
      }
      return ok(lookups.sageKeyValues(spec.module, key));
    }
    case 'main_account':
      // Sage's hierarchy is Sage's: nothing of it is written back.
      return ok(Array.from({ length: arity }, () => null));
    case 'deal': {
      // Only the opportunity number goes to Sage; an order's invoices never flow back.
      const id = lookupId(first);
      const number =
        id && spec.via === 'opportunity' ? lookups.opportunityForDeal?.(id) : undefined;
      return ok([number ?? null, ...Array.from({ length: arity - 1 }, () => null)].slice(0, arity));
    }
  }
}

/** A lookup's value by its id: Zoho's `{ id, name }` or `{ id }`, or the bare id or code. */
export const lookupId = (value: unknown): string | undefined => {
  if (isEmpty(value)) return undefined;
  if (typeof value === 'object' && value !== null && 'id' in value) {
    return String((value as { id: unknown }).id);
  }
  return String(value);
};

export { splitLines };

/** YYYYMMDD of a real day (no 30 February, month 13 or 00000000): the other side refuses others. */
function isDay(text: string): boolean {
  if (!/^\d{8}$/.test(text)) return false;
  const date = new Date(0);
  date.setUTCFullYear(+text.slice(0, 4), +text.slice(4, 6) - 1, +text.slice(6));
  return date.toISOString().slice(0, 10).replace(/-/g, '') === text;
}
