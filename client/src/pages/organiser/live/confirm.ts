// The console's one confirmation: a page-level ConfirmDialog, handed to every
// tab through Svelte context, so every control that would lose something asks
// the same accessible way (never window.confirm). A request's texts are made when
// it is asked, so they are in the language the console speaks at that moment.
import { getContext, setContext } from 'svelte';
import { m } from '../../../../../protocol/i18n.ts';

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
  title: m.scoring_confirm_conflict_title({ juror, team }),
  detail: m.scoring_confirm_conflict_detail({ juror, team }),
  confirmLabel: m.scoring_confirm_conflict_button(),
});
