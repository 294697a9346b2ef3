// A failure that only says "offline" is stale once the connection is back: each
// place that shows one registers how to take it down, and the console runs
// them all on reconnect (a real refusal from the server stays).
import type { Result } from '../../../../../protocol/result.ts';

/** socket.ts's answer when a request could not reach the server. */
export const isOfflineFailure = (r: Result<unknown>): boolean => !r.ok && r.error.code === 'internal' && r.error.key === 'error_offline';

const stale = new Set<() => void>();

/** `clear` runs once, when the connection comes back. */
export function clearWhenBack(clear: () => void): void {
  stale.add(clear);
}

export function connectionBack(): void {
  const pending = [...stale];
  stale.clear();
  for (const clear of pending) clear();
}
