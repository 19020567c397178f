import type { Knex } from 'knex';
import * as initialSchema from './20261121000000_initial_schema.js';
import * as zohoAuth from './20261121100000_zoho_auth.js';
import * as zohoAdminProfiles from './20261121100100_zoho_admin_profiles.js';
import * as syncEngine from './20261121200000_sync_engine.js';
import * as syncPending from './20261121200100_sync_pending.js';
import * as zohoSharedAccessToken from './20261201090000_zoho_shared_access_token.js';
import * as signinCodes from './20261201093000_signin_codes.js';
import * as backgroundRuns from './20261201100000_background_runs.js';
import * as runNotifications from './20261201110000_run_notifications.js';
import * as signinCodeSessionExpiry from './20261201130000_signin_code_session_expiry.js';
import * as zohoTrial from './20261201133000_zoho_trial.js';
import * as runLifecycle from './20261201101000_run_lifecycle.js';
import * as optInAndDealStages from './20261201120000_opt_in_and_deal_stages.js';
import * as sageEbwsSessions from './20261201160000_sage_ebws_sessions.js';
import * as sageDefaultDivision from './20261202000000_sage_default_division.js';
import * as healthProbe from './20261202040000_health_probe.js';
import * as recordEventHistoryIndexes from './20261204000000_record_event_history_indexes.js';

export interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Every migration, in order. Listed explicitly (not discovered on disk) so the same list runs from
 * TypeScript sources under vitest and from compiled JavaScript under `npm start`.
 * Forward-only once released: add a new file, never edit an applied one.
 */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['20261121000000_initial_schema', initialSchema],
  ['20261121100000_zoho_auth', zohoAuth],
  ['20261121100100_zoho_admin_profiles', zohoAdminProfiles],
  ['20261121200000_sync_engine', syncEngine],
  ['20261121200100_sync_pending', syncPending],
  ['20261201090000_zoho_shared_access_token', zohoSharedAccessToken],
  ['20261201093000_signin_codes', signinCodes],
  ['20261201100000_background_runs', backgroundRuns],
  ['20261201101000_run_lifecycle', runLifecycle],
  ['20261201110000_run_notifications', runNotifications],
  ['20261201120000_opt_in_and_deal_stages', optInAndDealStages],
  ['20261201130000_signin_code_session_expiry', signinCodeSessionExpiry],
  ['20261201133000_zoho_trial', zohoTrial],
  ['20261201160000_sage_ebws_sessions', sageEbwsSessions],
  ['20261202000000_sage_default_division', sageDefaultDivision],
  ['20261202040000_health_probe', healthProbe],
  ['20261204000000_record_event_history_indexes', recordEventHistoryIndexes],
];
