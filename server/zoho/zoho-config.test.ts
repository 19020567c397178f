import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config.js';

describe('Zoho configuration', () => {
  it('defaults the accounts server, redirect, scopes and admin profile', () => {
    const c = parseConfig({ PUBLIC_URL: 'https://sync.example.com/' });
    expect(c.zoho).toMatchObject({
      accountsUrl: 'https://accounts.zoho.com',
      redirectUrl: 'https://sync.example.com/oauth/zoho/callback',
      adminProfiles: ['Administrator'],
      extraAccountsServers: [],
    });
    expect(c.zoho.scopes).toContain('ZohoCRM.modules.ALL');
    expect(c.auth.sessionTtlSeconds).toBe(3600);
  });

  it('reads lists and rejects bad values by name', () => {
    const c = parseConfig({
      ZOHO_ADMIN_PROFILES: 'Administrator, Sync Admin',
      ZOHO_EXTRA_ACCOUNTS_SERVERS: 'http://127.0.0.1:8200',
    });
    expect(c.zoho.adminProfiles).toEqual(['Administrator', 'Sync Admin']);
    expect(c.zoho.extraAccountsServers).toEqual(['http://127.0.0.1:8200']);
    try {
      parseConfig({
        ZOHO_MAX_CONCURRENCY: '99',
        SESSION_TTL_SECONDS: '5',
        ZOHO_SCOPES: 'not a scope',
      });
      expect.unreachable();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/ZOHO_MAX_CONCURRENCY/);
      expect(problems).toMatch(/SESSION_TTL_SECONDS/);
      expect(problems).toMatch(/ZOHO_SCOPES/);
    }
  });
});
