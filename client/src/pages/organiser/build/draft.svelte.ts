// What a Build row's form holds while the organiser types: the server's value
// until they change it, and the server's again whenever the server's changes
// (this console saved it, or another did). Compared as JSON, so a push that
// carries equal values (the state is replaced whole on every push) keeps what
// is being typed.
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

  /** `from` reads the server's value from the component's props. */
  constructor(from: () => T) {
    this.saved = $derived(JSON.stringify(from()));
    this.value = $derived.by(() => {
      const editable = $state(JSON.parse(this.saved) as T);
      return editable;
    });
    this.dirty = $derived(JSON.stringify(this.value) !== this.saved);
  }
}
