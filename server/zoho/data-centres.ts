/**
 * Zoho data centres: the accounts server a callback may name, and the data centre it belongs to.
 * A code is only ever exchanged at a server on this list, so a forged `accounts-server` parameter
 * cannot make the backend post its client secret elsewhere.
 */
export const ZOHO_DATA_CENTRES: Record<string, string> = {
  'https://accounts.zoho.com': 'us',
  'https://accounts.zoho.eu': 'eu',
  'https://accounts.zoho.in': 'in',
  'https://accounts.zoho.com.au': 'au',
  'https://accounts.zoho.com.cn': 'cn',
  'https://accounts.zoho.jp': 'jp',
  'https://accounts.zohocloud.ca': 'ca',
  'https://accounts.zoho.sa': 'sa',
  'https://accounts.zoho.uk': 'uk',
};

const normalise = (url: string) => url.trim().replace(/\/+$/, '');

/**
 * The data centre of an accounts server, or undefined when it is not allowed. `extra` lists
 * further servers (the configured ZOHO_ACCOUNTS_URL, a simulator), whose data centre is taken from
 * the callback's `location` parameter.
 */
export function resolveAccountsServer(
  server: string,
  location: string | undefined,
  extra: string[],
): { accountsServer: string; dataCentre: string } | undefined {
  const accountsServer = normalise(server);
  const known = ZOHO_DATA_CENTRES[accountsServer];
  if (known) return { accountsServer, dataCentre: known };
  if (extra.map(normalise).includes(accountsServer)) {
    const dc = location && /^[a-z]{2,3}$/.test(location) ? location : 'us';
    return { accountsServer, dataCentre: dc };
  }
  return undefined;
}
