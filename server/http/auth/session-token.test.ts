import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { isAllowedWidgetOrigin } from './widget-origins.js';
import { deriveSessionKey, SessionTokenError, SessionTokens } from './session-token.js';

describe('session tokens', () => {
  const key = deriveSessionKey(Buffer.alloc(32, 7));
  const clock = { now: Date.parse('2026-11-21T12:00:00Z') };
  const sessions = new SessionTokens(key, 3600, () => clock.now);
  const input = {
    tenantId: 't-1',
    userId: '5725767000000000001',
    orgId: '60000001',
    role: 'admin' as const,
  };

  const reason = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return err instanceof SessionTokenError ? err.reason : 'other';
    }
    return 'accepted';
  };

  it('round-trips the claims until the token expires', () => {
    const { token, claims } = sessions.issue(input);
    expect(sessions.verify(token)).toEqual({
      tid: 't-1',
      uid: input.userId,
      oid: '60000001',
      role: 'admin',
      iat: 1795262400,
      exp: 1795266000,
    });
    expect(claims.exp - claims.iat).toBe(3600);
    clock.now += 3600_000;
    expect(reason(() => sessions.verify(token))).toBe('expired');
    clock.now -= 3600_000;
  });

  it('rejects edited claims, another key, and garbage', () => {
    const { token } = sessions.issue({ ...input, role: 'user' });
    const [v, payload, sig] = token.split('.');
    const edited = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    edited.role = 'admin';
    const forged = `${v}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${sig}`;
    expect(reason(() => sessions.verify(forged))).toBe('bad-signature');
    const other = new SessionTokens(crypto.randomBytes(32), 3600, () => clock.now);
    expect(reason(() => other.verify(token))).toBe('bad-signature');
    expect(reason(() => sessions.verify('nonsense'))).toBe('malformed');
    expect(reason(() => sessions.verify(`s2.${payload}.${sig}`))).toBe('malformed');
  });

  it('bounds a token by its issue time plus the TTL, whatever exp it carries', () => {
    // Signed with this key by a process configured with a 30-day TTL.
    const long = new SessionTokens(key, 30 * 86_400, () => clock.now);
    const { token, claims } = long.issue(input);
    expect(claims.exp - claims.iat).toBe(30 * 86_400);
    expect(reason(() => sessions.verify(token))).toBe('accepted');
    clock.now += 3601_000; // past iat + 1 h, well before its own exp
    try {
      expect(reason(() => sessions.verify(token))).toBe('expired');
    } finally {
      clock.now -= 3601_000;
    }
    // Issued in the future (beyond clock skew): refused.
    const ahead = new SessionTokens(key, 3600, () => clock.now + 600_000).issue(input).token;
    expect(reason(() => sessions.verify(ahead))).toBe('malformed');
  });

  it('derives different keys from different secrets', () => {
    expect(
      deriveSessionKey(Buffer.alloc(32, 1)).equals(deriveSessionKey(Buffer.alloc(32, 2))),
    ).toBe(false);
    expect(deriveSessionKey(Buffer.alloc(32, 1))).toHaveLength(32);
  });
});

describe('widget origins', () => {
  const own = 'https://1234abcd.zappsusercontent.com';

  it('allows only the configured widget origins by default', () => {
    expect(isAllowedWidgetOrigin(own, [own])).toBe(true);
    // Another vendor's Zoho-hosted widget is not ours: no token, no CORS for it.
    expect(isAllowedWidgetOrigin('https://other99.zappsusercontent.com', [own])).toBe(false);
    expect(isAllowedWidgetOrigin(own, [])).toBe(false);
    expect(isAllowedWidgetOrigin('http://1234abcd.zappsusercontent.com', [own])).toBe(false);
    expect(isAllowedWidgetOrigin(`${own}/path`, [own])).toBe(false);
    expect(isAllowedWidgetOrigin('http://127.0.0.1:5000', ['http://127.0.0.1:5000'])).toBe(true);
    expect(isAllowedWidgetOrigin('http://127.0.0.1:5001', ['http://127.0.0.1:5000'])).toBe(false);
    expect(isAllowedWidgetOrigin('not a url', [own])).toBe(false);
  });

  it('honours the zappsusercontent wildcard only when it is listed, and nothing that merely looks alike', () => {
    const optIn = ['https://*.zappsusercontent.com'];
    expect(isAllowedWidgetOrigin('https://other99.zappsusercontent.com', optIn)).toBe(true);
    expect(isAllowedWidgetOrigin('https://a.b.zappsusercontent.com', optIn)).toBe(true);
    expect(isAllowedWidgetOrigin('https://zappsusercontent.com', optIn)).toBe(false);
    expect(isAllowedWidgetOrigin('https://abc.zappsusercontent.com.evil.example', optIn)).toBe(
      false,
    );
    expect(isAllowedWidgetOrigin('https://abc.zappsusercontent.eu', optIn)).toBe(false);
    expect(isAllowedWidgetOrigin('http://abc.zappsusercontent.com', optIn)).toBe(false);
    expect(isAllowedWidgetOrigin('https://abc.zappsusercontent.com:8443', optIn)).toBe(false);
    expect(isAllowedWidgetOrigin('https://evilzappsusercontent.com', optIn)).toBe(false);
  });

  it('is configured through WIDGET_ORIGINS, which refuses what is not an origin or a wildcard', () => {
    expect(parseConfig({ WIDGET_ORIGINS: '' }).auth.widgetOrigins).toEqual([]);
    expect(
      parseConfig({ WIDGET_ORIGINS: `${own}, https://*.zappsusercontent.eu` }).auth.widgetOrigins,
    ).toEqual([own, 'https://*.zappsusercontent.eu']);
    expect(() => parseConfig({ WIDGET_ORIGINS: 'https://*.com/x' })).toThrow(/WIDGET_ORIGINS/);
    expect(() => parseConfig({ WIDGET_ORIGINS: '*' })).toThrow(/WIDGET_ORIGINS/);
    expect(() => parseConfig({ WIDGET_ORIGINS: 'http://*.zappsusercontent.com' })).toThrow(
      /WIDGET_ORIGINS/,
    );
  });
});
