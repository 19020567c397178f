/**
 * Sage 100's GL hierarchy. An account number is its main account followed by sub-account
 * segments (`4000-01-00`: main account 4000, then a division and a department, say); Sage keeps
 * the main account in `MainAccountCode`. The record that stands for the main account is the one
 * with every sub-account segment zero (`4000-00-00`, the main account's own record in the chart),
 * which is what Zoho's `Parent_Account` of a sub-account points at.
 */

/**
 * The number of the main account's record for `account`, or undefined when `account` is that
 * record itself (or has no sub-account segments, or does not start with its main account).
 */
export function mainAccountOf(account: string, mainAccountCode: string): string | undefined {
  const number = account.trim();
  const main = mainAccountCode.trim();
  if (!number || !main || !number.startsWith(main)) return undefined;
  const rest = number.slice(main.length);
  // Sub-account segments: every letter or digit after the main account becomes a zero.
  const zeroed = rest.replace(/[A-Za-z0-9]/g, '0');
  if (zeroed === rest || !/[A-Za-z0-9]/.test(rest)) return undefined;
  return main + zeroed;
}
