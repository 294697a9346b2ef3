// A value held in Svelte's $state, for unit tests of client code whose $derived reads it
// (a component's props, outside a component). Loaded through runes.ts's importRunes.
export function stateBox<T>(initial: T): { value: T } {
  let value = $state(initial);
  return {
    get value() {
      return value;
    },
    set value(next: T) {
      value = next;
    },
  };
}
