import crypto from 'node:crypto';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import type { ZohoCrmClient } from './client.js';
import { resolveAccountsServer } from './data-centres.js';
import { ZohoApiError, ZohoAuthError, ZohoError } from './errors.js';
import { editionOf, trialOf } from './limits.js';
import { ensureExtensionFields, type ExtensionFieldsReport } from './extension-fields.js';
import type { NotificationChannels } from './notification-channels.js';
import type { ZohoOAuthClient } from './oauth.js';

/**
 * The admin's connect flow (offline access: the tenant's refresh token) and every user's sign-in
 * (online access: who they are), both ending in facts read from Zoho with Zoho's own token: the
 * org id from `/crm/v8/org`, the user and profile from `/crm/v8/users?type=CurrentUser`.
 */

export type FlowPurpose = 'connect' | 'signin';

export type FlowFailure =
  | 'state-invalid' // unknown, used, expired, or started in another browser
  | 'denied' // the user pressed Deny
  | 'accounts-server-not-allowed'
  | 'code-rejected'
  | 'not-admin'
  | 'not-connected' // sign-in for an org no admin has connected
  | 'tenant-suspended'
  | 'zoho-unavailable';

export class FlowError extends Error {
  constructor(
    readonly failure: FlowFailure,
    readonly returnOrigin?: string,
  ) {
    super(`Zoho ${failure}`);
    this.name = 'FlowError';
  }
}

export interface FlowSuccess {
  purpose: FlowPurpose;
  tenantId: string;
  orgId: string;
  userId: string;
  role: 'admin' | 'user';
  returnOrigin?: string;
  /** Connect only: what was created on the org. */
  fields?: ExtensionFieldsReport;
}

export interface AuthFlowDeps {
  oauth: ZohoOAuthClient;
  client: ZohoCrmClient;
  repos: Pick<
    Repositories,
    'tenants' | 'zohoConnections' | 'zohoOAuthStates' | 'zohoAdminProfiles'
  >;
  channels?: NotificationChannels;
  adminProfiles: string[];
  extraAccountsServers: string[];
  scopes: string[];
  logger: Logger;
  now?: () => number;
}

const STATE_LIFETIME_MS = 10 * 60_000;
/** A user's sign-in only has to prove who they are and in which org: nothing more is asked. */
export const SIGNIN_SCOPES = ['ZohoCRM.users.READ', 'ZohoCRM.org.READ'];
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const random = () => crypto.randomBytes(32).toString('base64url');

export class ZohoAuthFlows {
  private readonly now: () => number;

  constructor(private readonly deps: AuthFlowDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Starts a flow: returns Zoho's authorize URL and the value to put in the browser's cookie.
   * The state only completes in the browser holding that cookie (no login CSRF).
   */
  async start(
    purpose: FlowPurpose,
    returnOrigin?: string,
  ): Promise<{ redirectUrl: string; binding: string }> {
    const state = random();
    const binding = random();
    const now = this.now();
    // Abandoned flows leave rows behind; each new flow sweeps the expired ones.
    await this.deps.repos.zohoOAuthStates.purgeExpired(new Date(now).toISOString());
    await this.deps.repos.zohoOAuthStates.create({
      stateHash: sha256(state),
      purpose,
      bindingHash: sha256(binding),
      returnOrigin,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + STATE_LIFETIME_MS).toISOString(),
    });
    const redirectUrl = this.deps.oauth.authorizeUrl(
      purpose === 'connect'
        ? { state, accessType: 'offline' }
        : { state, accessType: 'online', scopes: SIGNIN_SCOPES },
    );
    return { redirectUrl, binding };
  }

  async complete(input: {
    state?: string;
    binding?: string;
    code?: string;
    error?: string;
    accountsServer?: string;
    location?: string;
  }): Promise<FlowSuccess> {
    const pending = input.state
      ? await this.deps.repos.zohoOAuthStates.consume(
          sha256(input.state),
          new Date(this.now()).toISOString(),
        )
      : undefined;
    // Both are SHA-256 hex digests, so the lengths match and the comparison is constant-time.
    const bound =
      pending !== undefined &&
      crypto.timingSafeEqual(
        Buffer.from(sha256(input.binding ?? '')),
        Buffer.from(pending.bindingHash),
      );
    if (!pending || !bound) throw new FlowError('state-invalid');
    const origin = pending.returnOrigin;
    if (input.error || !input.code) throw new FlowError('denied', origin);
    const server = resolveAccountsServer(
      input.accountsServer ?? this.deps.oauth.defaultAccountsServer,
      input.location,
      [this.deps.oauth.defaultAccountsServer, ...this.deps.extraAccountsServers],
    );
    if (!server) throw new FlowError('accounts-server-not-allowed', origin);
    const grant = await this.wrap(origin, () =>
      this.deps.oauth.exchangeCode(server.accountsServer, input.code!),
    );
    const asUser = this.deps.client.withUserToken(grant.accessToken, grant.apiDomain);
    const [org, user] = await this.wrap(origin, () =>
      Promise.all([asUser.getOrg(), asUser.getCurrentUser()]),
    );
    const known = await this.deps.repos.tenants.findByZohoOrgId(org.id);
    const role = await this.roleOf(user.profile.name, known?.id);

    if (pending.purpose === 'signin') {
      // An online grant is only needed for the two lookups above.
      await this.deps.oauth.revoke(server.accountsServer, grant.accessToken).catch(() => undefined);
      const tenant = known;
      if (!tenant || !(await this.deps.repos.zohoConnections.get(tenant.id)))
        throw new FlowError('not-connected', origin);
      if (tenant.status !== 'active') throw new FlowError('tenant-suspended', origin);
      return {
        purpose: 'signin',
        tenantId: tenant.id,
        orgId: org.id,
        userId: user.id,
        role,
        returnOrigin: origin,
      };
    }

    if (role !== 'admin' || !grant.refreshToken) {
      // Leave no grant behind for someone who may not connect.
      if (grant.refreshToken)
        await this.deps.oauth
          .revoke(server.accountsServer, grant.refreshToken)
          .catch(() => undefined);
      throw new FlowError('not-admin', origin);
    }
    const tenant =
      known ??
      (await this.deps.repos.tenants.create({
        zohoOrgId: org.id,
        name: org.company_name ?? `Zoho org ${org.id}`,
      }));
    if (tenant.status !== 'active') throw new FlowError('tenant-suspended', origin);
    const previous = await this.deps.repos.zohoConnections.get(tenant.id);
    const edition = editionOf(org.license_details, this.now());
    await this.deps.repos.zohoConnections.save({
      tenantId: tenant.id,
      dataCentre: server.dataCentre,
      accountsServer: server.accountsServer,
      apiDomain: grant.apiDomain,
      refreshToken: grant.refreshToken,
      scope: grant.scope ?? this.deps.scopes.join(','),
      connectedByUserId: user.id,
      edition,
      ...trialOf(org.license_details, this.now()),
    });
    this.deps.client.forget(tenant.id);
    await this.deps.client.setEdition(tenant.id, edition);
    // An old token that cannot be opened cannot be revoked either; the new grant replaces it.
    const unreadable = previous?.unreadableSecrets.includes('zoho_refresh_token') ?? true;
    if (previous && !unreadable && previous.refreshToken !== grant.refreshToken) {
      // Reconnected: the old grant is dead weight and counts against Zoho's 20-per-user cap.
      await this.deps.oauth
        .revoke(previous.accountsServer, previous.refreshToken)
        .catch(() => undefined);
    }
    // The connection stands even if the field check fails: the admin can rerun it from settings.
    const fields = await ensureExtensionFields(this.deps.client.forTenant(tenant.id)).catch(
      (err: unknown) => {
        this.deps.logger.warn(
          {
            tenantId: tenant.id,
            err: { name: (err as Error).name, message: (err as Error).message },
          },
          'zoho extension fields not checked',
        );
        return undefined;
      },
    );
    this.deps.logger.info(
      { tenantId: tenant.id, orgId: org.id, dataCentre: server.dataCentre },
      'zoho connected',
    );
    return {
      purpose: 'connect',
      tenantId: tenant.id,
      orgId: org.id,
      userId: user.id,
      role,
      returnOrigin: origin,
      fields,
    };
  }

  /** Disables channels, revokes the refresh token at Zoho and forgets the connection. */
  async disconnect(tenantId: string): Promise<void> {
    const connection = await this.deps.repos.zohoConnections.get(tenantId);
    if (!connection) return;
    if (this.deps.channels) {
      await this.deps.channels
        .disableAll(tenantId)
        .catch((err: unknown) =>
          this.deps.logger.warn({ err, tenantId }, 'could not disable zoho notification channels'),
        );
    }
    if (connection.unreadableSecrets.includes('zoho_refresh_token')) {
      // Nothing to revoke with: forget the connection anyway, so the admin can connect again.
      this.deps.logger.warn(
        { tenantId },
        'zoho refresh token cannot be opened (another SECRET_KEY); disconnected without revoking it at Zoho',
      );
    } else {
      try {
        await this.deps.oauth.revoke(connection.accountsServer, connection.refreshToken);
      } catch (err) {
        // Zoho no longer knows the token: it is as revoked as it can be. Anything else (Zoho
        // unreachable) keeps the connection, so the admin can retry and not leave a live grant.
        if (!(err instanceof ZohoAuthError)) throw err;
      }
    }
    await this.deps.repos.zohoConnections.delete(tenantId);
    this.deps.client.forget(tenantId);
    this.deps.logger.info({ tenantId }, 'zoho disconnected');
  }

  /** Admin when the Zoho profile is configured as admin, or listed by the tenant's admins. */
  private async roleOf(profile: string, tenantId: string | undefined): Promise<'admin' | 'user'> {
    if (this.deps.adminProfiles.includes(profile)) return 'admin';
    if (!tenantId) return 'user';
    return (await this.deps.repos.zohoAdminProfiles.list(tenantId)).includes(profile)
      ? 'admin'
      : 'user';
  }

  private async wrap<T>(origin: string | undefined, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (err) {
      if (err instanceof ZohoError) {
        this.deps.logger.warn(
          { err: { name: err.name, message: err.message } },
          'zoho flow step failed',
        );
        const refused =
          err instanceof ZohoAuthError || (err instanceof ZohoApiError && err.status < 500);
        throw new FlowError(refused ? 'code-rejected' : 'zoho-unavailable', origin);
      }
      throw err;
    }
  }
}
