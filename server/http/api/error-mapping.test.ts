import { describe, expect, it } from 'vitest';
import { SecretDecryptionError } from '../../security/secret-box.js';
import { ZohoApiError, ZohoScopeError } from '../../zoho/errors.js';
import { TenantNotConnectedError } from '../../sync-composition.js';
import {
  DeleteBrakeError,
  DirectionNotAllowedError,
  KeyFieldMissingError,
  ModuleNeededError,
  NotFoundError,
  SyncError,
  UnknownModuleError,
} from '../../sync/errors.js';
import { problemBody } from '../problem.js';
import { toProblem } from '../error-handler.js';

/** The engine's typed refusals as the API answers them (server/http/error-handler.ts). */
describe('sync errors to problems', () => {
  const body = (err: unknown) => problemBody(toProblem(err)!);

  it('maps each engine failure to its status with the fields the widget shows', () => {
    expect(body(new ModuleNeededError('Accounts', ['Contacts', 'Invoices']))).toMatchObject({
      status: 409,
      code: 'module_needed',
      neededBy: ['Contacts', 'Invoices'],
    });
    expect(
      body(new DirectionNotAllowedError('Vendors', 'both', ['sage_to_zoho', 'disabled'])),
    ).toMatchObject({ status: 422, allowed: ['sage_to_zoho', 'disabled'] });
    expect(body(new DeleteBrakeError(12, 100, 5))).toMatchObject({
      status: 409,
      code: 'delete_brake',
      wouldRemove: 12,
      linked: 100,
      brakePercent: 5,
    });
    expect(body(new NotFoundError('run x')).status).toBe(404);
    expect(body(new UnknownModuleError('Leads')).status).toBe(404);
    expect(body(new SyncError('event 3 names no record', 'not_replayable'))).toMatchObject({
      status: 409,
      title: 'Not replayable',
    });
    expect(body(new SyncError('new kind of refusal', 'something_new')).status).toBe(422);
    expect(body(new TenantNotConnectedError('tenant t has no Sage connection'))).toMatchObject({
      status: 409,
      detail: 'tenant t has no Sage connection',
    });
  });

  it('tells the admin to reconnect when Zoho refuses a call for a missing scope', () => {
    expect(body(new ZohoScopeError(401, 'OAUTH_SCOPE_MISMATCH', 'Unauthorized'))).toMatchObject({
      status: 409,
      title: 'Zoho scope missing',
      detail: expect.stringContaining('reconnect Zoho CRM'),
    });
    expect(body(new ZohoApiError(400, 'INVALID_DATA', 'x')).status).toBe(502);
  });

  it('refuses a module without its Zoho key field with 409 and what to do', () => {
    expect(body(new KeyFieldMissingError('Accounts', 'Sage_Key'))).toMatchObject({
      status: 409,
      title: 'Key field missing',
      code: 'key_field_missing',
      detail: expect.stringContaining('npm run tenant -- fields --tenant <id>'),
    });
  });

  it('names the stored secret to re-enter when one cannot be opened', () => {
    expect(
      body(new SecretDecryptionError('unknown-key', 'k0').of('zoho_refresh_token')),
    ).toMatchObject({
      status: 409,
      code: 'secret_unreadable',
      secret: 'zoho_refresh_token',
      detail: expect.stringContaining('Connect Zoho CRM again'),
    });
    expect(body(new SecretDecryptionError('tampered'))).toMatchObject({
      status: 409,
      secret: null,
      detail: expect.stringContaining('Re-enter the Sage 100 settings and reconnect Zoho CRM'),
    });
  });

  it('leaves unknown errors to the 500 path', () => {
    expect(toProblem(new Error('boom'))).toBeUndefined();
  });
});
