import { describe, expect, it } from 'vitest';
import { contactCodeBase } from './sage-next-keys.js';

describe('contactCodeBase', () => {
  it('folds accented letters to their base letter instead of dropping them', () => {
    expect(contactCodeBase('José')).toBe('JOSE');
    expect(contactCodeBase('Renée Müller')).toBe('RENEEMULLE');
    expect(contactCodeBase('François Çelik')).toBe('FRANCOISCE');
    expect(contactCodeBase('Ångström')).toBe('ANGSTROM');
  });

  it('spells out Latin letters that have no base letter to fold to', () => {
    expect(contactCodeBase('Søren')).toBe('SOREN');
    expect(contactCodeBase('Æsa Œuvre')).toBe('AESAOEUVRE');
    expect(contactCodeBase('Straße')).toBe('STRASSE');
    expect(contactCodeBase('Łukasz')).toBe('LUKASZ');
    expect(contactCodeBase('Þóra')).toBe('THORA');
  });

  it('keeps letters and digits only, up to 10, upper case', () => {
    expect(contactCodeBase("O'Brien-Smith 2nd")).toBe('OBRIENSMIT');
    expect(contactCodeBase('ab 12')).toBe('AB12');
  });

  it('names a contact with nothing Sage can hold CONTACT', () => {
    expect(contactCodeBase('李小龙')).toBe('CONTACT');
    expect(contactCodeBase(undefined)).toBe('CONTACT');
    expect(contactCodeBase('')).toBe('CONTACT');
  });
});
