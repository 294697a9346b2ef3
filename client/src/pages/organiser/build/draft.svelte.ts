// What a Build row's form holds while the organiser types: the server's value
// until they change it. When the server's value changes (this console saved it,
// or another did), each field the organiser has not typed into since takes the
// server's value, and a field typed into keeps what was typed (after-saved.ts's
// rebaseDraft): on a slow network the answer to a save can come after the
// organiser has moved on to the next field. Compared as JSON, so a push that
// carries equal values (the state is replaced whole on every push) keeps what
// is being typed.
import { untrack } from 'svelte';
import type { Result } from '../../../../../protocol/result.ts';
import { rebaseDraft } from './after-saved.ts';

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
  /** What the form held when it was last saved, until the server's value changes or refuses it. */
  private sent: T | null = null;

  /** `from` reads the server's value from the component's props. */
  constructor(from: () => T) {
    this.saved = $derived(JSON.stringify(from()));
    let base: string | null = null;
    let shown: T | null = null;
    this.value = $derived.by(() => {
      const saved = this.saved;
      const server = JSON.parse(saved) as T;
      const next =
        base === null || shown === null
          ? server
          : untrack(() => rebaseDraft(JSON.parse(base!) as T, this.sent, $state.snapshot(shown!) as T, server));
      base = saved;
      this.sent = null;
      const editable = $state(next);
      shown = editable;
      return editable;
    });
    this.dirty = $derived(JSON.stringify(this.value) !== this.saved);
  }

  /** Sends what the form holds: `request` is its save. A refusal leaves the form as it is. */
  save<R>(request: Promise<Result<R>>): Promise<Result<R>> {
    const sent = $state.snapshot(this.value) as T;
    this.sent = sent;
    return request.then((r) => {
      if (!r.ok && this.sent === sent) this.sent = null;
      return r;
    });
  }
}
