// The hall's headline (issue 18's hall view): what it says as visits go on. A rounded
// "about 0 min" read as a mistake; under a minute it says so.
import { afterEach, describe, expect, it } from 'vitest';
import { hallOutlook } from '../../protocol/expo.ts';
import { baseLocale, m, overwriteGetLocale } from '../../protocol/i18n.ts';

afterEach(() => overwriteGetLocale(() => baseLocale));

describe('the hall headline', () => {
  it('says every team has its visits, or how many are missing without a pace yet', () => {
    expect(hallOutlook({ missingVisits: 0, etaMs: 0 })).toEqual({ kind: 'all-seen' });
    expect(hallOutlook({ missingVisits: 7, etaMs: null })).toEqual({ kind: 'no-pace', missing: 7 });
  });

  it('says "under a minute" below 60 s, never "about 0 min"', () => {
    expect(hallOutlook({ missingVisits: 2, etaMs: 0 })).toEqual({ kind: 'soon', missing: 2 });
    expect(hallOutlook({ missingVisits: 2, etaMs: 59_999 })).toEqual({ kind: 'soon', missing: 2 });
    expect(hallOutlook({ missingVisits: 2, etaMs: 60_000 })).toEqual({ kind: 'eta', missing: 2, etaMs: 60_000 });
  });

  it('says it in French and in English', () => {
    overwriteGetLocale(() => 'fr');
    expect(m.expo_hall_eta_soon({ missing: '2' })).toBe('Moins d’une minute avant que chaque équipe ait ses visites (2 restantes)');
    overwriteGetLocale(() => 'en');
    expect(m.expo_hall_eta_soon({ missing: '2' })).toBe('Under a minute until every team has its visits (2 to go)');
  });
});
