// Conversions between what the organiser types and what the server stores.
// Durations and times of day are shown with fmt (client/src/lib/i18n.svelte.ts).
import { loadPublicUrl, publicUrl } from '../../../lib/public-url.svelte.ts';
export { parseDuration } from './numbers.ts';
import { fromZonedInput, toZonedInput } from '../../../../../protocol/format.ts';
import { locality } from '../../../lib/i18n.svelte.ts';

/** Epoch ms → the value of a datetime-local input, as the event's clock reads it (its zone, not this browser's). */
export const toLocalInput = (ms: number): string => toZonedInput(ms, locality.timeZone);

/** A datetime-local value, read in the event's zone → epoch ms; null when empty or invalid. */
export const fromLocalInput = (value: string): number | null => fromZonedInput(value, locality.timeZone);

/** Built from the server's public address, not location.origin: the console is often opened as localhost. */
export const jurorLink = (token: string) => {
  loadPublicUrl();
  return `${publicUrl.base}/jury/${token}`;
};
