// Finding a team by what a thumb types: accents, case, ligatures and emoji do not get in the way.
import { describe, expect, it } from 'vitest';
import { foldText, matcher } from '../../client/src/lib/search.ts';

describe('search folding', () => {
  it('drops accents and case, spells ligatures out', () => {
    expect(foldText('École ÉLAN Çà')).toBe('ecole elan ca');
    expect(foldText('Straße ẞ')).toBe('strasse ss');
    expect(foldText('Œuvre Æther Søren Łódź')).toBe('oeuvre aether soren lodz');
  });

  it('finds by any word of name or project, in any order, emoji names included', () => {
    expect(matcher('ecole poly')('École Polytechnique ☕', '')).toBe(true);
    expect(matcher('POLY ecole')('École Polytechnique ☕', '')).toBe(true);
    expect(matcher('strasse')('Straße & Co', '')).toBe(true);
    expect(matcher('rocket')('🚀 Rocket Crew', '')).toBe(true);
    expect(matcher('🚀')('🚀 Rocket Crew', '')).toBe(true);
    expect(matcher('❤️')('I ❤ code', '')).toBe(true);
    expect(matcher('drones')('Ocean Sweepers', 'Drones for beaches')).toBe(true);
    expect(matcher('ecole lab')('École Polytechnique', '')).toBe(false);
  });

  it('an empty or blank query matches everything', () => {
    expect(matcher('')('anything')).toBe(true);
    expect(matcher('   ')('anything')).toBe(true);
  });
});
