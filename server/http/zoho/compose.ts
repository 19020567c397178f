import type { ZohoModuleAvailability } from '../../zoho/module-availability.js';
import type { Router } from 'express';
import type { Config } from '../../config.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { Logger } from '../../logging.js';
import { ZohoAuthFlows } from '../../zoho/auth-flows.js';
import type { ZohoCrmClient } from '../../zoho/client.js';
import { NotificationChannels } from '../../zoho/notification-channels.js';
import type { ZohoOAuthClient } from '../../zoho/oauth.js';
import { sessionGuard, type RequireSession } from '../auth/require-session.js';
import { sessionSigningKey } from '../auth/session-key.js';
import { sessionRoutes } from '../auth/session-routes.js';
import { SessionTokens } from '../auth/session-token.js';
import { signinCodeRoutes } from '../auth/signin-code-routes.js';
import { SigninCodes } from '../auth/signin-codes.js';
import { widgetCorsRouter } from '../auth/widget-cors.js';
import { adminProfileRoutes } from './admin-profile-routes.js';
import { zohoNotificationRoutes } from './notification-routes.js';
import { zohoOAuthRoutes } from './oauth-routes.js';

/** The Zoho side of the backend, built once in the composition root. */
export interface ZohoServices {
  /** Undefined when Zoho credentials are not configured. */
  client?: ZohoCrmClient;
  flows?: ZohoAuthFlows;
  channels?: NotificationChannels;
  sessions: SessionTokens;
  requireSession: RequireSession;
  routers: Router[];
}

export function composeZoho(
  config: Pick<Config, 'zoho' | 'auth' | 'secrets' | 'dataDir' | 'http'>,
  repos: Repositories,
  logger: Logger,
  /** The process's one OAuth and CRM client, built by the composition root (server/root.ts). */
  zoho:
    | {
        oauth: ZohoOAuthClient;
        client: ZohoCrmClient;
        availability?: Pick<ZohoModuleAvailability, 'forget'>;
      }
    | undefined,
): ZohoServices {
  const sessions = new SessionTokens(sessionSigningKey(config), config.auth.sessionTtlSeconds);
  const requireSession = sessionGuard({ sessions, tenants: repos.tenants });
  const client = zoho?.client;
  const codes = new SigninCodes(repos.signinCodes, sessions);
  let flows: ZohoAuthFlows | undefined;
  let channels: NotificationChannels | undefined;
  if (zoho && client) {
    channels = new NotificationChannels({
      client,
      channels: repos.zohoChannels,
      publicUrl: config.http.publicUrl,
      logger,
    });
    flows = new ZohoAuthFlows({
      oauth: zoho.oauth,
      client,
      repos,
      channels,
      adminProfiles: config.zoho.adminProfiles,
      extraAccountsServers: config.zoho.extraAccountsServers,
      scopes: config.zoho.scopes,
      logger,
    });
  } else {
    logger.warn('ZOHO_CLIENT_ID/ZOHO_CLIENT_SECRET not set: Zoho connect and sign-in are off');
  }
  const routers = [
    widgetCorsRouter(config.auth.widgetOrigins),
    zohoOAuthRoutes({
      flows,
      client,
      sessions,
      codes,
      requireSession,
      repos,
      availability: zoho?.availability,
      widgetOrigins: config.auth.widgetOrigins,
      secureCookies: (config.http.publicUrl ?? '').startsWith('https://'),
    }),
    sessionRoutes(requireSession),
    signinCodeRoutes({ codes, widgetOrigins: config.auth.widgetOrigins, requireSession }),
    adminProfileRoutes({ requireSession, repos, configured: config.zoho.adminProfiles }),
    ...(channels ? [zohoNotificationRoutes(channels)] : []),
  ];
  return { client, flows, channels, sessions, requireSession, routers };
}
