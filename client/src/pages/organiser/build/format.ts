// Conversions between what the organiser types and what the server stores.
// Durations and times of day are shown with fmt (client/src/lib/i18n/locale.svelte.ts).
import { loadPublicUrl, publicUrl } from '../../../lib/public-url.svelte.ts';
export { parseDuration } from './numbers.ts';
import { formatDecimal, fromZonedInput, toZonedInput } from '../../../../../protocol/format.ts';
import { m } from '../../../../../protocol/i18n.ts';
import { fmt, locality } from '../../../lib/i18n/locale.svelte.ts';

/** Epoch ms → the value of a datetime-local input, as the event's clock reads it (its zone, not this browser's). */
export const toLocalInput = (ms: number): string => toZonedInput(ms, locality.timeZone);

/** A datetime-local value, read in the event's zone → epoch ms; null when empty or invalid. */
export const fromLocalInput = (value: string): number | null => fromZonedInput(value, locality.timeZone);

/** Built from the server's public address, not location.origin: the console is often opened as localhost. */
export const jurorLink = (token: string) => {
  loadPublicUrl();
  return `${publicUrl.base}/jury/${token}`;
};

// What a duration field takes (parseDuration reads all of it), said the same way in every label,
// hint and refusal. The clock notation is the same in both languages; the rest is the page's.
const EXAMPLE_MS = 270_000;

/** "m:ss or min": what a duration field's label says may be typed. */
export const durationFormat = () => m.build_duration_format({ clock: 'm:ss' });

const examples = () => ({ clock: '4:30', units: fmt.duration(EXAMPLE_MS), minutes: formatDecimal(EXAMPLE_MS / 60_000, locality.language, 1) });

/** "Type durations as 4:30, 4 mins 30 secs or minutes alone (4.5)." */
export const durationHint = () => m.build_durations_hint(examples());

/** The refusal of something typed in a duration field that is not one. */
export const notADuration = (typed: string) => m.build_duration_invalid({ typed, ...examples() });
