// Messages in French and English, for the server and every page.
//
// The strings live in messages/en.json and messages/fr.json (inlang message format);
// Paraglide JS compiles them into tree-shaken functions in protocol/paraglide (generated,
// not committed: `npm run i18n`, run before start/dev/build/check and by the tests' setup).
//
//   import { m } from '../../../protocol/i18n.ts';
//   m.stage_starting_soon()                      // in the current locale (see client/src/lib/i18n/locale.svelte.ts)
//   m.missing_scores({ count: 2 })               // params: {count} in the message
//   m.missing_scores({ count: 2 }, { locale })   // on the server: always pass the event's locale
//
// How to add one, plurals, French typography and the formatters: docs/i18n.md.
export { m } from './paraglide/messages.js';
export { baseLocale, locales, isLocale, getLocale, overwriteGetLocale } from './paraglide/runtime.js';
export type { Locale } from './paraglide/runtime.js';

/** 'fr' for any French tag (fr-CH, fr_FR.UTF-8), 'en' for English; null for anything else. */
export function localeOf(tag: string | null | undefined): 'fr' | 'en' | null {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_.@]/)[0];
  return base === 'fr' || base === 'en' ? base : null;
}
