import { describe, expect, it } from 'vitest';
import type { SigninCodeGrant, SigninCodeRepository } from '../../db/repositories/signin-codes.js';
import { deriveSessionKey, SessionTokens } from './session-token.js';
import { HANDOFF_TTL_MS, SigninCodes } from './signin-codes.js';

/** The repository's contract in memory: consumed once, refused when expired. */
function memoryRepo(): SigninCodeRepository {
  const rows = new Map<string, SigninCodeGrant>();
  return {
    create: async (hash: string, grant: SigninCodeGrant) => void rows.set(hash, grant),
    consume: async (hash: string, now: string) => {
      const grant = rows.get(hash);
      rows.delete(hash);
      return grant && grant.expiresAt > now ? grant : undefined;
    },
    purgeExpired: async () => 0,
  } as unknown as SigninCodeRepository;
}

describe('session handoff codes', () => {
  const WIDGET = 'https://1234abcd.zappsusercontent.com';
  const clock = { now: Date.parse('2026-12-01T12:00:00Z') };
  const sessions = new SessionTokens(deriveSessionKey(Buffer.alloc(32, 3)), 3600, () => clock.now);
  const codes = new SigninCodes(memoryRepo(), sessions, () => clock.now);
  const first = sessions.issue({ tenantId: 't-1', userId: 'u-1', orgId: 'o-1', role: 'user' });

  it('restores the session at the same origin, ending when the first one ends', async () => {
    clock.now += 30 * 60_000; // half an hour into the session
    const { code, expiresAt } = await codes.handoff(first.claims, WIDGET);
    expect(Date.parse(expiresAt) - clock.now).toBe(HANDOFF_TTL_MS);
    clock.now += 2000; // the reload
    expect(await codes.redeem(code, 'https://other.zappsusercontent.com')).toBeUndefined();
    const again = await codes.handoff(first.claims, WIDGET);
    const restored = await codes.redeem(again.code, WIDGET);
    expect(restored?.claims).toMatchObject({ tid: 't-1', uid: 'u-1', oid: 'o-1', role: 'user' });
    // Not a fresh hour: the end of the session handed on.
    expect(restored?.claims.exp).toBe(first.claims.exp);
    expect(await codes.redeem(again.code, WIDGET)).toBeUndefined();
  });

  it('is worthless after a minute, and never outlives the session it carries', async () => {
    const { code } = await codes.handoff(first.claims, WIDGET);
    clock.now += HANDOFF_TTL_MS + 1;
    expect(await codes.redeem(code, WIDGET)).toBeUndefined();
    clock.now = first.claims.exp * 1000 - 10_000; // ten seconds left
    const late = await codes.handoff(first.claims, WIDGET);
    expect(Date.parse(late.expiresAt)).toBe(first.claims.exp * 1000);
  });
});
