// Conversions between what the organiser types and what the server stores.
import { loadPublicUrl, publicUrl } from '../../../lib/public-url.svelte.ts';
export { parseDuration } from './numbers.ts';

/** 300000 → "5:00"; 3723000 → "62:03". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → the value of a datetime-local input, in this browser's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (read as local time) → epoch ms; null when empty or invalid. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

export function timeOfDay(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Built from the server's public address, not location.origin: the console is often opened as localhost. */
export const jurorLink = (token: string) => {
  loadPublicUrl();
  return `${publicUrl.base}/jury/${token}`;
};
