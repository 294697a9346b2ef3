// What a Build row's form holds while the organiser types: the server's value
// until they change it. When the server's value changes (this console saved it,
// or another did), each field the organiser has not typed into since takes the
// server's value, and a field typed into keeps what was typed (after-saved.ts's
// rebaseDraft): on a slow network the answer to a save can come after the
// organiser has moved on to the next field. Compared as JSON, so a push that
// carries equal values (the state is replaced whole on every push) keeps what
// is being typed.
//
// The server answers a save before it sends the change to the consoles (both on
// one socket, in that order), so a change that arrives after a save's answer is
// that save's, and one that arrives while a save is unanswered is another
// console's, which the save, a whole row, is about to overwrite: the form is kept
// as it is until the answer.
import { untrack } from 'svelte';
import type { Result } from '../../../../../protocol/result.ts';
import { isOfflineFailure } from '../shared/offline.ts';
import { rebaseDraft, settleDraft } from './after-saved.ts';

/** A save of the form on its way: what the form held when it was sent, and whether the server has answered. */
interface Sent<T> {
  value: T;
  answered: boolean;
}

/** How long after the answer to a save its change may still come; none by then: the save changed nothing. */
export const SETTLE_MS = 1500;

export class Draft<T extends object> {
  /** The server's value, as JSON. */
  readonly saved: string;
  /**
   * The form's values, deeply editable (fields bind to its properties). A writable $derived:
   * computed afresh only when `saved` changes, and the form may assign it meanwhile.
   */
  value: T;
  /** Whether the form differs from the server. */
  readonly dirty: boolean;
  /** This form's saves whose change has not come back yet, oldest first. */
  private sent: Sent<T>[] = [];

  /** `from` reads the server's value from the component's props. */
  constructor(from: () => T) {
    this.saved = $derived(JSON.stringify(from()));
    let base: string | null = null;
    let shown: T | null = null;
    this.value = $derived.by(() => {
      const saved = this.saved;
      const server = JSON.parse(saved) as T;
      const next = base === null || shown === null ? server : untrack(() => this.rebase(JSON.parse(base!) as T, $state.snapshot(shown!) as T, server));
      base = saved;
      const editable = $state(next);
      shown = editable;
      return editable;
    });
    this.dirty = $derived(JSON.stringify(this.value) !== this.saved);
  }

  /** The form once the server's value moved from `base` to `server`. */
  private rebase(base: T, now: T, server: T): T {
    // A save still unanswered will write the whole row: what is shown stays until its answer.
    if (this.sent.some((s) => !s.answered)) {
      this.sent = this.sent.filter((s) => !s.answered);
      return now;
    }
    const last = this.sent.at(-1);
    this.sent = [];
    return rebaseDraft(base, last?.value ?? null, now, server);
  }

  /** Sends what the form holds: `request` is its save. A refusal leaves the form as it is. */
  save<R>(request: Promise<Result<R>>): Promise<Result<R>> {
    const sent: Sent<T> = { value: $state.snapshot(this.value) as T, answered: false };
    this.sent.push(sent);
    return request.then((r) => {
      // Refused: nothing of it will come back. Not known (offline): taken as answered, so the form
      // waits for no answer, and a change that does come is merged as this save's.
      if (!r.ok && !isOfflineFailure(r)) this.sent = this.sent.filter((s) => s !== sent);
      else sent.answered = true;
      // A save the server took without a change (a name sent with a trailing space, "2,0" for 2)
      // brings no change back: the fields that still hold what was sent show the server's value.
      if (r.ok) {
        setTimeout(() => {
          if (!this.sent.includes(sent) || this.sent.some((s) => !s.answered)) return;
          this.sent = this.sent.filter((s) => s !== sent);
          settleDraft(this.value, sent.value, JSON.parse(this.saved) as T);
        }, SETTLE_MS);
      }
      return r;
    });
  }
}
