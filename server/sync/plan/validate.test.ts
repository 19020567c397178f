import { describe, expect, it } from 'vitest';
import { trimAtWord, trimToLengths } from './validate.js';

describe('trimming to a target length', () => {
  it('counts code points, so an emoji is one character and is never split', () => {
    // 29 characters then an emoji: fits in 30 code points, though it is 31 UTF-16 units.
    const name = 'Pacific Northwest Industrial😀';
    expect(trimAtWord(name, 30)).toBe(name);
    // Cut right at the emoji: it goes whole or stays whole, never as a lone surrogate.
    const cut = trimAtWord('Rocket😀Works', 7);
    expect(cut).toBe('Rocket😀');
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    expect(trimAtWord('😀😀😀😀', 3)).toBe('😀😀😀');
  });

  it('cuts at the last space when that keeps more than half', () => {
    expect(trimAtWord('Pacific Northwest Industrial Supply', 30)).toBe(
      'Pacific Northwest Industrial',
    );
    expect(trimAtWord('A Supercalifragilistic', 10)).toBe('A Supercal');
    const fields: Record<string, unknown> = { CustomerName: 'Big 🚀 Rocket Company of Ohio' };
    const warnings: string[] = [];
    trimToLengths(fields, { CustomerName: 12 }, warnings);
    expect(fields.CustomerName).toBe('Big 🚀 Rocket');
    expect(warnings).toEqual(['CustomerName trimmed to 12 characters ("Big 🚀 Rocket")']);
  });
});
