import type { ZohoSimulator } from './server.js';

/** The client the simulator tests register: `c1` / `s1`. */
export const TEST_CLIENT = { clientId: 'c1', clientSecret: 's1', redirectUris: ['http://x/cb'] };

/**
 * An access token for the org's user, as a client gets one: a refresh token minted for the test
 * client, exchanged at the accounts server. The client must be registered (`TEST_CLIENT`).
 */
export async function accessTokenFor(
  sim: ZohoSimulator,
  orgId: string,
  userId: string,
): Promise<string> {
  const refreshToken = sim.admin.mintRefreshToken(orgId, userId, {
    clientId: TEST_CLIENT.clientId,
  });
  const res = await fetch(`${sim.url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: TEST_CLIENT.clientId,
      client_secret: TEST_CLIENT.clientSecret,
      refresh_token: refreshToken,
    }),
  });
  return String(((await res.json()) as { access_token: string }).access_token);
}

/**
 * A new org with one administrator, signed in through the test client (registered here): its id
 * and an access token for its CRM API.
 */
export async function adminOfNewOrg(
  sim: ZohoSimulator,
  companyName: string,
): Promise<{ orgId: string; token: string }> {
  sim.admin.registerClient(TEST_CLIENT);
  const orgId = sim.admin.createOrg({ companyName }).id;
  const user = sim.admin.createUser(orgId, {
    email: 'admin@sim.example',
    profile: 'Administrator',
  });
  return { orgId, token: await accessTokenFor(sim, orgId, user.id) };
}
