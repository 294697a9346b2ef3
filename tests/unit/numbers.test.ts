// Every number field of the Build tab reads what was typed with one helper: a
// decimal comma counts, and what is not plainly one number is refused in words.
import { describe, expect, it } from 'vitest';
import { parseDuration, parseNumber } from '../../client/src/pages/organiser/build/numbers.ts';
import { formatDuration } from '../../protocol/format.ts';
import { overwriteGetLocale } from '../../protocol/i18n.ts';
import type { Language } from '../../protocol/model.ts';

const weight = (text: string) => parseNumber(text, { what: 'the weight of Innovation', min: 0, max: 100 });
const mark = (text: string) => parseNumber(text, { what: 'the highest mark of Pitch', min: 1, max: 100, integer: true });

describe('parseNumber', () => {
  it.each([
    ['1,5', 1.5],
    ['1.5', 1.5],
    ['2', 2],
    [' 2 ', 2],
    ['0', 0],
    ['0,25', 0.25],
    [',5', 0.5],
    ['.5', 0.5],
    ['3,', 3],
    ['+2', 2],
    ['100', 100],
    ['07', 7],
  ])('reads %j as %d', (text, value) => {
    expect(weight(text)).toEqual({ ok: true, value });
  });

  it('reads spaces between thousands, including the no-break spaces of French number formatting', () => {
    const big = (text: string) => parseNumber(text, { what: 'the count' });
    expect(big('1 000')).toEqual({ ok: true, value: 1000 });
    expect(big('1\u00a0000,5')).toEqual({ ok: true, value: 1000.5 });
    expect(big('12\u202f345')).toEqual({ ok: true, value: 12345 });
    expect(big('1 000 000')).toEqual({ ok: true, value: 1_000_000 });
  });

  it.each([
    ['', /Enter the weight of Innovation/],
    ['   ', /Enter the weight of Innovation/],
    ['abc', /“abc” is not a number for the weight of Innovation: write digits/],
    ['1,5,5', /“1,5,5” is not a number .*one decimal point or comma/],
    ['1.000,5', /one decimal point or comma/],
    ['1,000.5', /one decimal point or comma/],
    ['1 00', /not a number/],
    ['1e3', /not a number/],
    ['0x10', /not a number/],
    ['Infinity', /not a number/],
    ['NaN', /not a number/],
    ['1/2', /not a number/],
    ['½', /not a number/],
    ['--1', /not a number/],
    ['-1', /must be at least 0 \(you wrote -1\)/],
    ['−1', /must be at least 0/],
    ['101', /must be at most 100 \(you wrote 101\)/],
    ['1 000', /must be at most 100/],
  ])('refuses %j with a message, never a different number', (text, message) => {
    const r = weight(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('refuses a fraction where only whole marks make sense', () => {
    expect(mark('10')).toEqual({ ok: true, value: 10 });
    const r = mark('7,5');
    expect(r).toEqual({ ok: false, message: 'The highest mark of Pitch must be a whole number (you wrote 7,5).' });
    expect(mark('0').ok).toBe(false);
  });
});

describe('parseDuration', () => {
  it.each([
    ['5:00', 300_000],
    ['0:30', 30_000],
    ['12:05', 725_000],
    ['5', 300_000],
    ['1,5', 90_000],
    ['1.5', 90_000],
    ['0,25', 15_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['4:30', 270_000],
    ['4 min 30 s', 270_000],
    ['4 mins 30 secs', 270_000],
    ['4\u00a0min 30\u00a0s', 270_000],
    ['4 min 30', 270_000],
    ['4min30', 270_000],
    ['4m30', 270_000],
    ['4 m 30', 270_000],
    ['4 mn 30', 270_000],
    ['5 min', 300_000],
    ['5 mins', 300_000],
    ['7,5 min', 450_000],
    ['90 s', 90_000],
    ['1 h 30', 5_400_000],
    ['1h30', 5_400_000],
    ['1 h 5 min', 3_900_000],
    ['1 hr 5 mins', 3_900_000],
  ])('reads %j (as people type it in French or English) as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('reads back every duration as the page shows it, in both languages', () => {
    for (const language of ['fr', 'en'] as Language[]) {
      for (const ms of [0, 30_000, 60_000, 270_000, 300_000, 900_000, 3_600_000, 5_430_000]) {
        const shown = formatDuration(ms, language);
        expect({ language, shown, ms: parseDuration(shown) }).toEqual({ language, shown, ms });
      }
    }
  });

  it.each(['', 'abc', '1,5,5', '-1', '5:60', '1:2:3', '1,5:00', '4 min 60', '4 s 30', '1 h 30 min 10', 'min 30', '4 min 30 s 10'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('refusals in the page\'s language', () => {
  const inFrench = <T>(run: () => T): T => {
    overwriteGetLocale(() => 'fr');
    try {
      return run();
    } finally {
      overwriteGetLocale(() => 'en');
    }
  };

  it('says in French what is wrong, with French typography', () => {
    const what = 'le poids de Innovation';
    expect(inFrench(() => parseNumber('abc', { what }))).toEqual({
      ok: false,
      message: '«\u202fabc\u202f» n’est pas un nombre pour le poids de Innovation\u202f: écrivez des chiffres, p. ex. 2 ou 1,5.',
    });
    expect(inFrench(() => parseNumber('', { what }))).toEqual({ ok: false, message: 'Indiquez le poids de Innovation.' });
    expect(inFrench(() => parseNumber('7,5', { what: 'la note la plus haute de Pitch', integer: true }))).toEqual({
      ok: false,
      message: 'La note la plus haute de Pitch doit être un nombre entier (vous avez écrit 7,5).',
    });
    expect(inFrench(() => parseNumber('200', { what, max: 100 }))).toEqual({
      ok: false,
      message: 'Le poids de Innovation doit valoir au plus 100 (vous avez écrit 200).',
    });
  });

  it('reads the same numbers whatever the language', () => {
    expect(inFrench(() => parseNumber('1,5', { what: 'x' }))).toEqual({ ok: true, value: 1.5 });
    expect(inFrench(() => parseNumber('1.5', { what: 'x' }))).toEqual({ ok: true, value: 1.5 });
    expect(inFrench(() => parseDuration('4 min 30 s'))).toBe(270_000);
  });
});
