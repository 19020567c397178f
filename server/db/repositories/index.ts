import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import type { SecretBox } from '../../security/secret-box.js';
import { scopedDb, type Db } from '../knex.js';
import { ActivityRepository } from './activity.js';
import { ConflictRepository } from './conflicts.js';
import { CursorRepository } from './cursors.js';
import { LinkRepository } from './links.js';
import { MappingRepository } from './mappings.js';
import { MatchProposalRepository } from './match-proposals.js';
import { NotificationDeliveryRepository, NotificationSettingsRepository } from './notifications.js';
import { ModuleOutcomeRepository } from './module-outcomes.js';
import { ModuleSettingsRepository } from './module-settings.js';
import { PendingRecordRepository } from './pending-records.js';
import { RecordEventRepository } from './record-events.js';
import { RunRepository } from './runs.js';
import { SigninCodeRepository } from './signin-codes.js';
import { SageConnectionRepository } from './sage-connections.js';
import { TenantRepository } from './tenants.js';
import { ZohoAccessTokenRepository } from './zoho-access-tokens.js';
import { ZohoAdminProfileRepository } from './zoho-admin-profiles.js';
import { ZohoConnectionRepository } from './zoho-connections.js';
import { ZohoCreditRepository } from './zoho-credits.js';
import { ZohoNotificationChannelRepository } from './zoho-notification-channels.js';
import { ZohoOAuthStateRepository } from './zoho-oauth-states.js';

export type Repositories = ReturnType<typeof createRepositories>;

export function createRepositories(db: Db, box: SecretBox) {
  const scope = new AsyncLocalStorage<Knex.Transaction>();
  const q = scopedDb(db, scope);
  return {
    /** See `EngineStores.transaction`: `work`'s queries share one transaction. */
    transaction: <T>(work: () => Promise<T>): Promise<T> =>
      q.transaction((trx) => scope.run(trx, work)),
    tenants: new TenantRepository(q),
    sageConnections: new SageConnectionRepository(q, box),
    zohoConnections: new ZohoConnectionRepository(q, box),
    zohoAccessTokens: new ZohoAccessTokenRepository(q, box),
    moduleSettings: new ModuleSettingsRepository(q),
    mappings: new MappingRepository(q),
    links: new LinkRepository(q),
    cursors: new CursorRepository(q),
    runs: new RunRepository(q),
    moduleOutcomes: new ModuleOutcomeRepository(q),
    events: new RecordEventRepository(q),
    conflicts: new ConflictRepository(q),
    matchProposals: new MatchProposalRepository(q),
    pendingRecords: new PendingRecordRepository(q),
    zohoOAuthStates: new ZohoOAuthStateRepository(q),
    zohoCredits: new ZohoCreditRepository(q),
    zohoChannels: new ZohoNotificationChannelRepository(q, box),
    zohoAdminProfiles: new ZohoAdminProfileRepository(q),
    notificationSettings: new NotificationSettingsRepository(q, box),
    deliveries: new NotificationDeliveryRepository(q),
    activity: new ActivityRepository(q),
    signinCodes: new SigninCodeRepository(q),
  };
}
