// The one place that turns numbers and instants into text, for the server and every
// page, through the platform's Intl only. Each function takes the language (and, for
// instants, the event's time zone) explicitly: the device's own zone or language never
// decides what an event's time reads.
//
// The rules:
// - A time of day is the event's local time, 24-hour in both languages (16:15).
// - A clock that ticks reads m:ss (4:59, +0:12: protocol/clock.ts's formatClock). Every
//   other duration reads in units, seconds only when not a whole minute:
//   "5 min", "4 min 30 s" / "4 min 30 sec", "1 h 35 min" / "1 hr 35 min". parseDuration
//   reads these back, so a duration field shows the same text.
// - Scores have two decimals with the language's decimal mark: 7,43 / 10 and 7.43 / 10.
// - Whole numbers use the language's grouping: 12 345 (narrow no-break space) and 12,345.
// - Places: 1er, 2e, 3e (1re for a feminine noun: « 1re place ») and 1st, 2nd, 3rd.
import type { Language } from './model.ts';

/** Where an event is: the language it speaks and its IANA time zone. PublicState fits as it is. */
export interface Locality {
  language: Language;
  timeZone: string;
}

/** The Intl locale for each language: British English (the house style), French as in France and Switzerland. */
export const INTL_LOCALE: Record<Language, string> = { en: 'en-GB', fr: 'fr' };

// Intl formatters are costly to build and cheap to reuse.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** "16:15": the time of day at `epochMs` in the event's time zone, 24-hour. */
export function formatTime(epochMs: number, { language, timeZone }: Locality): string {
  return cached(`time|${language}|${timeZone}`, () =>
    new Intl.DateTimeFormat(INTL_LOCALE[language], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
  ).format(epochMs);
}

/**
 * "1 December 2026" / "1er décembre 2026", "2 décembre 2026": the date at `epochMs` in the
 * event's time zone. French writes the first of the month as an ordinal; Intl does not.
 */
export function formatDate(epochMs: number, { language, timeZone }: Locality): string {
  const parts = cached(`date|${language}|${timeZone}`, () => new Intl.DateTimeFormat(INTL_LOCALE[language], { dateStyle: 'long', timeZone })).formatToParts(epochMs);
  return parts.map((p) => (language === 'fr' && p.type === 'day' && Number(p.value) === 1 ? '1er' : p.value)).join('');
}

const unit = (language: Language, u: 'hour' | 'minute' | 'second', n: number) =>
  cached(`unit|${language}|${u}`, () => new Intl.NumberFormat(INTL_LOCALE[language], { style: 'unit', unit: u, unitDisplay: 'short' })).format(n);

/**
 * A configured length is exact to the second; a measured drift ("running 9 min late") is
 * rounded to the minute, so it does not tick.
 */
export interface DurationOptions {
  round?: 'second' | 'minute';
}

/**
 * "5 min", "4 min 30 s", "1 h 35 min", "30 s" (fr); "1 hr 35 min", "30 sec" (en). Rounded to
 * the second; the sign is dropped (say "late" or "ahead" in the message around it).
 */
export function formatDuration(ms: number, language: Language, { round = 'second' }: DurationOptions = {}): string {
  const step = round === 'minute' ? 60 : 1;
  const total = Math.round(Math.abs(ms) / 1000 / step) * step;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (h) parts.push(unit(language, 'hour', h));
  if (m || (h && s)) parts.push(unit(language, 'minute', m));
  if (s || total === 0) parts.push(unit(language, total === 0 && !s ? 'minute' : 'second', s));
  return parts.join(' ');
}

const UNITS: [RegExp, number][] = [
  [/^(?:h|hr|hrs|hours?|heures?)$/i, 3600],
  [/^(?:m|mn|min|mins|minutes?)$/i, 60],
  [/^(?:s|sec|secs|seconds?|secondes?)$/i, 1],
];

/**
 * A duration written in units, as formatDuration writes it (either language): "4 min 30 s",
 * "1 hr 5 min", "90 s", "1,5 min" → milliseconds; null when it is not that.
 */
export function parseDurationWords(text: string): number | null {
  const typed = text.trim();
  const parts = [...typed.matchAll(/(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?\s*/gi)];
  // Every character belongs to an "<amount> <unit>" pair: nothing is skipped over.
  if (!parts.length || parts.reduce((n, p) => n + p[0].length, 0) !== typed.length) return null;
  let seconds = 0;
  const seen = new Set<number>();
  for (const [, amount, name] of parts) {
    const factor = UNITS.find(([re]) => re.test(name!))?.[1];
    if (factor === undefined || seen.has(factor)) return null;
    seen.add(factor);
    seconds += Number(amount!.replace(',', '.')) * factor;
  }
  return Number.isFinite(seconds) ? Math.round(seconds) * 1000 : null;
}

/** "12 345" (narrow no-break space) / "12,345": a whole number with the language's grouping. */
export function formatCount(n: number, language: Language): string {
  return cached(`int|${language}`, () => new Intl.NumberFormat(INTL_LOCALE[language], { maximumFractionDigits: 0 })).format(n);
}

/** "45 %" (narrow no-break space) / "45%": a share from 0 to 1, in whole percent. */
export function formatPercent(share: number, language: Language): string {
  return cached(`pct|${language}`, () => new Intl.NumberFormat(INTL_LOCALE[language], { style: 'percent', maximumFractionDigits: 0 })).format(share);
}

/** "7,43" / "7.43": two decimals with the language's decimal mark; a dash for no score. */
export function formatDecimal(x: number | null | undefined, language: Language, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return cached(`dec|${language}|${digits}`, () =>
    new Intl.NumberFormat(INTL_LOCALE[language], { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ).format(x);
}

/** "1,5" / "1.5", "2": a criterion's weight as typed, up to three decimals, no grouping. */
export function formatWeight(w: number, language: Language): string {
  return cached(`weight|${language}`, () => new Intl.NumberFormat(INTL_LOCALE[language], { maximumFractionDigits: 3, useGrouping: false })).format(w);
}

/** The plural category of `n` in a language ('one', 'other'…; French counts 0 and 1 as one). */
export function pluralOf(n: number, language: Language): Intl.LDMLPluralRule {
  return cached(`plural|${language}`, () => new Intl.PluralRules(INTL_LOCALE[language])).select(n) as Intl.LDMLPluralRule;
}

const ORDINAL_SUFFIX: Record<Language, Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }> = {
  en: { one: 'st', two: 'nd', few: 'rd', other: 'th' },
  fr: { one: 'er', other: 'e' },
};

/** 1st, 2nd, 3rd, 11th, 21st / 1er, 2e, 3e ("1re" with `feminine`, for « place »). */
export function ordinal(n: number, language: Language, options: { feminine?: boolean } = {}): string {
  const rule = cached(`ord|${language}`, () => new Intl.PluralRules(INTL_LOCALE[language], { type: 'ordinal' })).select(n) as Intl.LDMLPluralRule;
  if (language === 'fr' && rule === 'one' && options.feminine) return `${n}re`;
  return `${n}${ORDINAL_SUFFIX[language][rule] ?? ORDINAL_SUFFIX[language].other}`;
}

/** The wall-clock fields of `epochMs` in `timeZone`. */
function wallClock(epochMs: number, timeZone: string) {
  const parts = cached(`wall|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  ).formatToParts(epochMs);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → a datetime-local input's value ("2026-12-01T16:15"), as the event's wall clock reads. */
export function toZonedInput(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** A datetime-local value read as the event's wall clock → epoch ms; null when empty or invalid. */
export function fromZonedInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (!Number.isFinite(asUtc)) return null;
  // The zone's offset at that moment, found by reading the guess back; twice, for a DST change in between.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(guess, timeZone);
    const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - guess;
    guess = asUtc - offset;
  }
  return guess;
}

/** Whether `zone` is an IANA time zone this runtime knows (Europe/Zurich, UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** This machine's time zone (the server's, or the device's in a page): the default for an event's. */
export function machineTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
}
