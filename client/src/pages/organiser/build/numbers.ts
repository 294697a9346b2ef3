// The one reading of a number typed in the builder. A decimal comma is as good
// as a decimal point ("1,5" and "1.5" are one and a half); anything that is not
// plainly one number is refused with words, never read as a different number.

import { formatCount, parseDurationWords } from '../../../../../protocol/format.ts';
import { getLocale, m } from '../../../../../protocol/i18n.ts';

export type ParsedNumber = { ok: true; value: number } | { ok: false; message: string };

export interface NumberRules {
  /** What the field is, for the message, in the page's language: "the weight of Innovation" (a build_what_* message). */
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
  const { what } = rules;
  if (!typed) return { ok: false, message: m.build_number_empty({ what }) };
  const negative = /^[-−]/.test(typed);
  const body = typed.replace(/^[-−+]\s*/, '');
  if (!PLAIN.test(body) && !GROUPED.test(body)) {
    const separators = (body.match(/[.,]/g) ?? []).length;
    const message = separators > 1 ? m.build_number_one_separator({ typed, what }) : m.build_number_digits({ typed, what });
    return { ok: false, message };
  }
  const magnitude = Number(body.replace(new RegExp(GROUP, 'g'), '').replace(',', '.'));
  const value = negative ? -magnitude : magnitude;
  if (!Number.isFinite(value)) return { ok: false, message: m.build_number_invalid({ typed, what }) };
  const What = capital(what);
  const shown = (n: number) => formatCount(n, getLocale());
  if (rules.integer && !Number.isInteger(value)) return { ok: false, message: m.build_number_whole({ what: What, typed }) };
  if (rules.min !== undefined && value < rules.min) return { ok: false, message: m.build_number_at_least({ what: What, min: shown(rules.min), typed }) };
  if (rules.max !== undefined && value > rules.max) return { ok: false, message: m.build_number_at_most({ what: What, max: shown(rules.max), typed }) };
  return { ok: true, value };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A duration as people type it, in either language → milliseconds; null when it is not one:
 * - a clock, minutes:seconds: "5:00", "4:30", "0:30";
 * - units, as durations are shown ("4 min 30 s", "4 mins 30 secs", "1 h 5 min", "1 hr 5 min", "90 s");
 * - units with the smaller one left unnamed, as French speakers often write: "4 min 30", "4m30", "1 h 30", "1h30";
 * - minutes alone: "5", "1,5" or "1.5" (a minute and a half).
 */
export function parseDuration(text: string): number | null {
  const words = parseDurationWords(text);
  if (words !== null) return words;
  const clock = /^\s*(\d{1,4}):([0-5]?\d)\s*$/.exec(text);
  if (clock) return (Number(clock[1]) * 60 + Number(clock[2])) * 1000;
  const trailing = /^\s*(\d{1,4})\s*(h|hr|hrs|m|min|mins|mn)\.?\s*([0-5]?\d)\s*$/i.exec(text);
  if (trailing) {
    const [big, small] = /^h/i.test(trailing[2]!) ? [3600, 60] : [60, 1];
    return (Number(trailing[1]) * big + Number(trailing[3]) * small) * 1000;
  }
  const minutes = parseNumber(text, { what: '', min: 0, max: 9999 });
  return minutes.ok ? Math.round(minutes.value * 60) * 1000 : null;
}
