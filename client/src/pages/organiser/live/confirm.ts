// The console's one confirmation: a page-level ConfirmDialog, handed to every
// tab through Svelte context, so every control that would lose something asks
// the same accessible way (never window.confirm).
import { getContext, setContext } from 'svelte';

export interface ConfirmRequest {
  title: string;
  detail: string;
  confirmLabel: string;
}

export type Confirm = (request: ConfirmRequest) => Promise<boolean>;

const KEY = Symbol('podium-confirm');

export function provideConfirm(confirm: Confirm): void {
  setContext(KEY, confirm);
}

/** The console's confirmation; outside the console (no dialog) nothing is confirmed, so nothing is lost. */
export function useConfirm(): Confirm {
  return getContext<Confirm | undefined>(KEY) ?? (() => Promise.resolve(false));
}

/** A conflict of interest on a team the juror has already scored takes that score out of the results. */
export const conflictRequest = (juror: string, team: string): ConfirmRequest => ({
  title: `Set a conflict of interest for ${juror} with ${team}?`,
  detail: `${juror} has already scored ${team}. With the conflict set, that score no longer counts in the results (it stays on file, and clearing the conflict brings it back).`,
  confirmLabel: 'Set conflict',
});
