// Which language a page speaks and which zone its times are in, as Svelte state, so
// `m.some_key()` and `fmt.time(…)` in markup re-render when either changes.
//
// - Projector (screen), stage monitor, audience page: `followEvent(state)` with the public
//   state each time it arrives; they speak the EVENT's language.
// - Organiser console, juror page: `followDevice()` once at start (the remembered choice,
//   else navigator.languages → fr or en, else en), `<LanguageSwitch />` to change it, and
//   `setEventZone(settings.timeZone)` so times still read in the event's zone.
// See docs/i18n.md.
import { formatCount, formatDate, formatDuration, type DurationOptions, formatTime, formatWeight, ordinal, pluralOf, type Locality } from '../../../../protocol/format.ts';
import { localeOf, overwriteGetLocale } from '../../../../protocol/i18n.ts';
import type { Language } from '../../../../protocol/model.ts';
import { formatOutOf, formatScore, type Scale } from '../../../../protocol/scoring.ts';

const STORAGE_KEY = 'podium.language';

const current = $state<Locality>({ language: 'en', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });

// Every message function asks getLocale(); reading $state here makes the markup that called it depend on it.
overwriteGetLocale(() => current.language);

function apply(language: Language): void {
  current.language = language;
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** The page's language and the event's zone, read-only. */
export const locality: Readonly<Locality> = {
  get language() {
    return current.language;
  },
  get timeZone() {
    return current.timeZone;
  },
};

/** Public pages: speak the event's language and show its zone (call with every state; null before the first). */
export function followEvent(event: Locality | null | undefined): void {
  if (!event) return;
  if (event.language !== current.language) apply(event.language);
  if (event.timeZone !== current.timeZone) current.timeZone = event.timeZone;
}

/** The device's remembered choice, else its first French or English preference, else English. */
export function deviceLanguage(): Language {
  const remembered = localeOf(readStored());
  if (remembered) return remembered;
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const language = localeOf(tag);
    if (language) return language;
  }
  return 'en';
}

/** Organiser console and juror page: speak the device's language. */
export function followDevice(): void {
  apply(deviceLanguage());
}

/** The switch on the organiser and juror pages: change now, and remember on this device. */
export function chooseLanguage(language: Language): void {
  apply(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private modes may refuse storage: the choice still holds until the page is closed.
  }
}

/** Organiser and juror pages: the event's zone, from its settings, for every time shown. */
export function setEventZone(timeZone: string | null | undefined): void {
  if (timeZone && timeZone !== current.timeZone) current.timeZone = timeZone;
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** "16:15" in the event's zone. Also fmt.time; the juror page imports these three by name, so the rest of fmt is left out of its bundle. */
export const fmtTime = (epochMs: number) => formatTime(epochMs, current);
/** "7,43" / "7.43"; "–" for none. Also fmt.score. */
export const fmtScore = (x: number | null | undefined) => formatScore(x, current.language);
/** "7,43 / 10". Also fmt.outOf. */
export const fmtOutOf = (x: number | null | undefined, scale: Scale) => formatOutOf(x, scale, current.language);

/** "1,5" / "1.5": a criterion's weight. The juror page imports it by name, like the three above. */
export const fmtWeight = (w: number) => formatWeight(w, current.language);

/** protocol/format.ts with this page's language and the event's zone filled in. */
export const fmt = {
  /** "16:15" in the event's zone. */
  time: fmtTime,
  /** "1er décembre 2026" in the event's zone. */
  date: (epochMs: number) => formatDate(epochMs, current),
  /** "5 min", "4 min 30 s", "1 h 35 min"; `{ round: 'minute' }` for a measured drift ("9 min"). */
  duration: (ms: number, options?: DurationOptions) => formatDuration(ms, current.language, options),
  /** "7,43" / "7.43"; "–" for none. */
  score: fmtScore,
  /** "7,43 / 10". */
  outOf: fmtOutOf,
  /** "12 345" / "12,345". */
  count: (n: number) => formatCount(n, current.language),
  /** "1er", "2e" / "1st", "2nd"; `{ feminine: true }` for « 1re place ». */
  ordinal: (n: number, options?: { feminine?: boolean }) => ordinal(n, current.language, options),
  /** 'one' | 'other' …, when a message's plural variants are not enough. */
  plural: (n: number) => pluralOf(n, current.language),
};
