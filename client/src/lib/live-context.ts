// A page's live connection handed to every component under it through Svelte's
// typed context, instead of drilled down as a prop. `use` is for components that
// render once the first state has arrived (under the page's `{#if live.state}`):
// the state never goes back to null, so from then on it is typed as set.
import { createContext } from 'svelte';
import type { Live, StateEvent, StateOf } from './live.svelte.ts';

/** A live connection whose first state has arrived. */
export type LiveWithState<E extends StateEvent> = Live<E> & { readonly state: StateOf<E> };

export function liveContext<E extends StateEvent>() {
  const [get, set] = createContext<Live<E>>();
  return {
    /** In the page's component, as it starts. */
    provide: (live: Live<E>): void => void set(live),
    /** In a component under the page, as it starts; only once the state has arrived. */
    use: (): LiveWithState<E> => {
      const live = get();
      if (!live.state) throw new Error('A component that needs the live state was shown before it arrived.');
      return live as LiveWithState<E>;
    },
  };
}
