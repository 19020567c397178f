import type { SecretBox } from '../../security/secret-box.js';
import type { Db } from '../knex.js';
import { ActivityRepository } from './activity.js';
import { ConflictRepository } from './conflicts.js';
import { CursorRepository } from './cursors.js';
import { LinkRepository } from './links.js';
import { MappingRepository } from './mappings.js';
import { MatchProposalRepository } from './match-proposals.js';
import { NotificationDeliveryRepository, NotificationSettingsRepository } from './notifications.js';
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
  return {
    tenants: new TenantRepository(db),
    sageConnections: new SageConnectionRepository(db, box),
    zohoConnections: new ZohoConnectionRepository(db, box),
    zohoAccessTokens: new ZohoAccessTokenRepository(db, box),
    moduleSettings: new ModuleSettingsRepository(db),
    mappings: new MappingRepository(db),
    links: new LinkRepository(db),
    cursors: new CursorRepository(db),
    runs: new RunRepository(db),
    events: new RecordEventRepository(db),
    conflicts: new ConflictRepository(db),
    matchProposals: new MatchProposalRepository(db),
    pendingRecords: new PendingRecordRepository(db),
    zohoOAuthStates: new ZohoOAuthStateRepository(db),
    zohoCredits: new ZohoCreditRepository(db),
    zohoChannels: new ZohoNotificationChannelRepository(db, box),
    zohoAdminProfiles: new ZohoAdminProfileRepository(db),
    notificationSettings: new NotificationSettingsRepository(db, box),
    deliveries: new NotificationDeliveryRepository(db),
    activity: new ActivityRepository(db),
    signinCodes: new SigninCodeRepository(db),
  };
}
