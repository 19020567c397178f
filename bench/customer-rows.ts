/**
 * The Sage customers the end-to-end benchmarks seed: plain AR_Customer rows (name, one address
 * line, credit limit) that the default Accounts mapping carries whole into Zoho. Each benchmark
 * keeps its own number prefix and name, so its records stay recognisable in a shared store.
 */
export function customerRows(
  n: number,
  prefix: string,
  name: string,
): Array<Record<string, string | number>> {
  return Array.from({ length: n }, (_, i) => ({
    ARDivisionNo: '01',
    CustomerNo: `${prefix}${String(i).padStart(6, '0')}`,
    CustomerName: `${name} ${i}`,
    AddressLine1: `${100 + i} Main Street`,
    City: 'Chicago',
    State: 'IL',
    ZipCode: '60601',
    CreditLimit: 1000 + i,
    CreditHold: 'N',
  }));
}
