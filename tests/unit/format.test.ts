// The one formatting module (protocol/format.ts), with expectations written by hand
// for French and English. The event's zone is passed explicitly: this test sets the
// process's own zone to New York to show that the device's zone never decides.
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDate,
  formatDecimal,
  formatDuration,
  formatWeight,
  formatTime,
  fromZonedInput,
  ordinal,
  parseDurationWords,
  pluralOf,
  toZonedInput,
} from '../../protocol/format.ts';
import { formatOutOf, formatScore } from '../../protocol/scoring.ts';

process.env.TZ = 'America/New_York';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
// 1 December 2026, 15:15 UTC: 16:15 in Zurich (winter, UTC+1), 10:15 in New York.
const AT = Date.UTC(2026, 11, 1, 15, 15);
const zurich = { timeZone: 'Europe/Zurich' } as const;

describe('time of day, in the event zone', () => {
  it('reads 16:15 in Zurich in both languages, on a device in New York', () => {
    expect(formatTime(AT, { language: 'fr', ...zurich })).toBe('16:15');
    expect(formatTime(AT, { language: 'en', ...zurich })).toBe('16:15');
    expect(new Date(AT).getHours()).toBe(10); // the device's own clock says something else
  });
  it('follows the zone it is given, summer time included', () => {
    expect(formatTime(AT, { language: 'fr', timeZone: 'America/New_York' })).toBe('10:15');
    expect(formatTime(Date.UTC(2026, 6, 1, 14, 5), { language: 'en', ...zurich })).toBe('16:05');
    expect(formatTime(Date.UTC(2026, 11, 1, 23, 30), { language: 'fr', ...zurich })).toBe('00:30');
  });
  it('writes the date in the language, on the event zone’s day', () => {
    expect(formatDate(AT, { language: 'fr', ...zurich })).toBe('1er décembre 2026');
    expect(formatDate(AT, { language: 'en', ...zurich })).toBe('1 December 2026');
    expect(formatDate(Date.UTC(2026, 11, 1, 23, 30), { language: 'en', ...zurich })).toBe('2 December 2026');
    expect(formatDate(Date.UTC(2026, 11, 1, 23, 30), { language: 'fr', ...zurich })).toBe('2 décembre 2026');
  });
  it('writes the first of the month as French does (1er), and only the first', () => {
    expect(formatDate(Date.UTC(2027, 0, 1, 12), { language: 'fr', ...zurich })).toBe('1er janvier 2027');
    expect(formatDate(Date.UTC(2027, 0, 1, 12), { language: 'en', ...zurich })).toBe('1 January 2027');
    expect(formatDate(Date.UTC(2026, 11, 11, 12), { language: 'fr', ...zurich })).toBe('11 décembre 2026');
    expect(formatDate(Date.UTC(2026, 11, 21, 12), { language: 'fr', ...zurich })).toBe('21 décembre 2026');
    expect(formatDate(Date.UTC(2026, 11, 31, 12), { language: 'fr', ...zurich })).toBe('31 décembre 2026');
    expect(formatDate(Date.UTC(2026, 11, 21, 12), { language: 'en', ...zurich })).toBe('21 December 2026');
    // 23:30 UTC on 30 November is already the 1st in Zurich
    expect(formatDate(Date.UTC(2026, 10, 30, 23, 30), { language: 'fr', ...zurich })).toBe('1er décembre 2026');
  });
  it('reads and writes a datetime-local value in the event zone', () => {
    expect(toZonedInput(AT, 'Europe/Zurich')).toBe('2026-12-01T16:15');
    expect(fromZonedInput('2026-12-01T16:15', 'Europe/Zurich')).toBe(AT);
    expect(fromZonedInput('2026-07-01T16:05', 'Europe/Zurich')).toBe(Date.UTC(2026, 6, 1, 14, 5));
    expect(fromZonedInput('tomorrow', 'Europe/Zurich')).toBeNull();
  });
});

describe('durations: one rule (units; seconds only when not a whole minute)', () => {
  it('French', () => {
    expect(formatDuration(5 * 60_000, 'fr')).toBe(`5${NBSP}min`);
    expect(formatDuration(270_000, 'fr')).toBe(`4${NBSP}min 30${NNBSP}s`);
    expect(formatDuration(30_000, 'fr')).toBe(`30${NNBSP}s`);
    expect(formatDuration(3723_000, 'fr')).toBe(`1${NNBSP}h 2${NBSP}min 3${NNBSP}s`);
    expect(formatDuration(0, 'fr')).toBe(`0${NBSP}min`);
  });
  it('English', () => {
    expect(formatDuration(60_000, 'en')).toBe('1 min');
    expect(formatDuration(5 * 60_000, 'en')).toBe('5 mins');
    expect(formatDuration(270_000, 'en')).toBe('4 mins 30 secs');
    expect(formatDuration(-3600_000, 'en')).toBe('1 hr');
    expect(formatDuration(9 * 60_000 + 29_000, 'en', { round: 'minute' })).toBe('9 mins');
    expect(formatDuration(9 * 60_000 + 31_000, 'fr', { round: 'minute' })).toBe(`10${NBSP}min`);
  });
  it('reads its own words back, and minutes as people type them', () => {
    for (const ms of [30_000, 60_000, 270_000, 300_000, 3723_000, 7200_000]) {
      expect(parseDurationWords(formatDuration(ms, 'fr'))).toBe(ms);
      expect(parseDurationWords(formatDuration(ms, 'en'))).toBe(ms);
    }
    expect(parseDurationWords('1,5 min')).toBe(90_000);
    expect(parseDurationWords('2 heures')).toBe(7200_000);
    expect(parseDurationWords('5')).toBeNull();
    expect(parseDurationWords('5 min 5 min')).toBeNull();
    expect(parseDurationWords('5 parsecs')).toBeNull();
  });
});

describe('weights', () => {
  it('reads as typed, with the language’s decimal mark and no grouping', () => {
    expect(formatWeight(1.5, 'fr')).toBe('1,5');
    expect(formatWeight(1.5, 'en')).toBe('1.5');
    expect(formatWeight(2, 'fr')).toBe('2');
    expect(formatWeight(0.125, 'fr')).toBe('0,125');
    expect(formatWeight(1 / 3, 'en')).toBe('0.333');
    expect(formatWeight(1500, 'fr')).toBe('1500');
  });
});

describe('numbers', () => {
  it('scores: decimal comma in French, point in English, a dash for none', () => {
    expect(formatScore(7.3, 'fr')).toBe('7,30');
    expect(formatScore(7.3, 'en')).toBe('7.30');
    expect(formatOutOf(7.430556, { min: 0, max: 10 }, 'fr')).toBe('7,43 / 10');
    expect(formatDecimal(Number.NaN, 'fr')).toBe('–');
    expect(formatDecimal(7.25, 'fr', 1)).toBe('7,3');
  });
  it('whole numbers: narrow no-break space in French, comma in English', () => {
    expect(formatCount(12345, 'fr')).toBe(`12${NNBSP}345`);
    expect(formatCount(12345, 'en')).toBe('12,345');
    expect(formatCount(999, 'fr')).toBe('999');
  });
  it('places: 1er, 2e, 3e (1re place) and 1st, 2nd, 3rd', () => {
    expect([1, 2, 3, 4, 11, 21].map((n) => ordinal(n, 'fr'))).toEqual(['1er', '2e', '3e', '4e', '11e', '21e']);
    expect(ordinal(1, 'fr', { feminine: true })).toBe('1re');
    expect(ordinal(2, 'fr', { feminine: true })).toBe('2e');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map((n) => ordinal(n, 'en'))).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th',
    ]);
  });
  it('plurals: French counts 0 and 1 as one, English only 1', () => {
    expect([0, 1, 2].map((n) => pluralOf(n, 'fr'))).toEqual(['one', 'one', 'other']);
    expect([0, 1, 2].map((n) => pluralOf(n, 'en'))).toEqual(['other', 'one', 'other']);
  });
});
