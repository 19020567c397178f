import { describe, expect, it } from 'vitest';
import { ZohoResponseError } from './errors.js';
import { parseReply } from './parse.js';
import { writeResponse } from './schemas.js';

/** Write answers: details are taken as the object Zoho sent, and refused when not an object. */
describe('Zoho write answer schema', () => {
  const entry = (details: unknown) => ({
    code: 'SUCCESS',
    status: 'success',
    message: 'record added',
    ...(details === undefined ? {} : { details }),
  });

  it('keeps the details object as sent, and defaults missing details and message', () => {
    const details = { id: '5725767000000000101', Modified_By: { id: '1', name: 'A' } };
    const parsed = parseReply(
      writeResponse,
      { data: [entry(details), { code: 'SUCCESS', status: 'success' }] },
      'POST /Accounts/upsert',
    );
    expect(parsed.data[0]!.details).toEqual(details);
    expect(parsed.data[1]).toEqual({
      code: 'SUCCESS',
      status: 'success',
      message: '',
      details: {},
    });
  });

  it('refuses details that are not an object, naming the endpoint and the entry', () => {
    for (const bad of ['id=1', ['1'], null, 7]) {
      let caught: unknown;
      try {
        parseReply(
          writeResponse,
          { data: [entry({ id: '1' }), entry(bad)] },
          'POST /Accounts/upsert',
        );
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ZohoResponseError);
      expect(String((caught as Error).message)).toContain('POST /Accounts/upsert');
      expect(String((caught as Error).message)).toContain('data.1.details');
    }
  });
});
