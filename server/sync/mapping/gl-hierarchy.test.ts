import { describe, expect, it } from 'vitest';
import { mainAccountOf } from './gl-hierarchy.js';

describe('mainAccountOf', () => {
  it("names the main account's record for a sub-account, whatever the separators", () => {
    expect(mainAccountOf('4000-01-00', '4000')).toBe('4000-00-00');
    expect(mainAccountOf('4000-01-A2', '4000')).toBe('4000-00-00');
    expect(mainAccountOf('61000.100', '61000')).toBe('61000.000');
  });

  it('gives nothing for the main account itself, a bare main account, or a mismatch', () => {
    expect(mainAccountOf('4000-00-00', '4000')).toBeUndefined();
    expect(mainAccountOf('4000', '4000')).toBeUndefined();
    expect(mainAccountOf('4000-01-00', '')).toBeUndefined();
    expect(mainAccountOf('5000-01-00', '4000')).toBeUndefined();
  });
});
