import { describe, expect, it } from 'vitest';
import { ApiError } from '../platform/api.js';
import { refusalOf } from './outcome.js';

describe('"Sync to Sage" refusals', () => {
  it('shows the backend’s words for a record Zoho does not have (404), not "unexpected"', () => {
    const gone = new ApiError(
      'not_found',
      404,
      'Zoho has no Accounts record 5725767000000000233',
      undefined,
    );
    const outcome = refusalOf(gone, 'Accounts');
    expect(outcome.tone).toBe('error');
    expect(outcome.text).toBe('Zoho has no Accounts record 5725767000000000233');
    expect(outcome.title).toBe(
      refusalOf(new ApiError('conflict', 409, 'x', undefined), 'Accounts').title,
    );
  });
});
