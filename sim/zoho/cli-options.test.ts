import { describe, expect, it } from 'vitest';
import { parseZohoSimArgs, ZohoCliUsageError } from './cli-options.js';

describe('parseZohoSimArgs', () => {
  it('has defaults and reads every option', () => {
    expect(parseZohoSimArgs([])).toEqual({
      port: 8200,
      latencyMs: 0,
      consentScreen: false,
      clientId: undefined,
      clientSecret: undefined,
      redirectUri: undefined,
    });
    expect(
      parseZohoSimArgs([
        '--port',
        '0',
        '--latency-ms=150',
        '--consent-screen',
        '--client-id',
        '1000.X',
        '--client-secret',
        's',
        '--redirect-uri',
        'http://127.0.0.1:3417/oauth/zoho/callback',
      ]),
    ).toEqual({
      port: 0,
      latencyMs: 150,
      consentScreen: true,
      clientId: '1000.X',
      clientSecret: 's',
      redirectUri: 'http://127.0.0.1:3417/oauth/zoho/callback',
    });
  });

  it('refuses bad values, unknown options and a missing value with a usage error', () => {
    // "abc" crashed the listen with a Node stack; "--bogus" and a bare --client-id were ignored.
    expect(() => parseZohoSimArgs(['--port', 'abc'])).toThrow('--port expects a whole number');
    expect(() => parseZohoSimArgs(['--port', '70000'])).toThrow(ZohoCliUsageError);
    expect(() => parseZohoSimArgs(['--latency-ms=-1'])).toThrow(/0\.\.60000/);
    expect(() => parseZohoSimArgs(['--latency-ms', '-1'])).toThrow(ZohoCliUsageError);
    expect(() => parseZohoSimArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/);
    expect(() => parseZohoSimArgs(['--client-id'])).toThrow(ZohoCliUsageError);
    expect(() => parseZohoSimArgs(['8200'])).toThrow(ZohoCliUsageError);
  });
});
