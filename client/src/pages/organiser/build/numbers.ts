// The one reading of a number typed in the builder. A decimal comma is as good
// as a decimal point ("1,5" and "1.5" are one and a half); anything that is not
// plainly one number is refused with words, never read as a different number.

import { parseDurationWords } from '../../../../../protocol/format.ts';

export type ParsedNumber = { ok: true; value: number } | { ok: false; message: string };

export interface NumberRules {
  /** What the field is, for the message: "the weight of Innovation". */
  what: string;
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Spaces people put between thousands: ordinary, no-break, narrow no-break, thin. */
const GROUP = '[ \\u00a0\\u202f\\u2009]';
const GROUPED = new RegExp(`^\\d{1,3}(?:${GROUP}\\d{3})+(?:[.,]\\d+)?$`);
const PLAIN = /^(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

export function parseNumber(text: string, rules: NumberRules): ParsedNumber {
  const typed = text.trim();
  if (!typed) return { ok: false, message: `Enter ${rules.what}.` };
  const negative = /^[-−]/.test(typed);
  const body = typed.replace(/^[-−+]\s*/, '');
  if (!PLAIN.test(body) && !GROUPED.test(body)) {
    const separators = (body.match(/[.,]/g) ?? []).length;
    const why = separators > 1 ? 'use one decimal point or comma, e.g. 1.5 or 1,5' : 'write digits, e.g. 2 or 1,5';
    return { ok: false, message: `“${typed}” is not a number for ${rules.what}: ${why}.` };
  }
  const magnitude = Number(body.replace(new RegExp(GROUP, 'g'), '').replace(',', '.'));
  const value = negative ? -magnitude : magnitude;
  if (!Number.isFinite(value)) return { ok: false, message: `“${typed}” is not a number for ${rules.what}.` };
  if (rules.integer && !Number.isInteger(value)) return { ok: false, message: `${capital(rules.what)} must be a whole number (you wrote ${typed}).` };
  if (rules.min !== undefined && value < rules.min) return { ok: false, message: `${capital(rules.what)} must be at least ${rules.min} (you wrote ${typed}).` };
  if (rules.max !== undefined && value > rules.max) return { ok: false, message: `${capital(rules.what)} must be at most ${rules.max} (you wrote ${typed}).` };
  return { ok: true, value };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * "5:00", "0:30", minutes ("5", "1,5" or "1.5": a minute and a half), or units as durations are
 * shown ("4 min 30 s", "1 h 5 min", "1 hr 5 min") → milliseconds; null when it is not a duration.
 */
export function parseDuration(text: string): number | null {
  const words = parseDurationWords(text);
  if (words !== null) return words;
  const m = /^\s*(\d{1,4}):([0-5]?\d)\s*$/.exec(text);
  if (m) return (Number(m[1]) * 60 + Number(m[2])) * 1000;
  const minutes = parseNumber(text, { what: 'the duration', min: 0, max: 9999 });
  return minutes.ok ? Math.round(minutes.value * 60) * 1000 : null;
}
