// The live console's keyboard: one table, used by the key handler and shown on the page.
import { m } from '../../../../../protocol/i18n.ts';

export type ShortcutAction =
  | { kind: 'toggle' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'adjust'; deltaMs: number }
  | { kind: 'focus-message' }
  | { kind: 'clear-message' }
  | { kind: 'toggle-vote' };

export interface Shortcut {
  /** Alternatives, as printed on the key. Each works the same on QWERTY, QWERTZ and AZERTY keyboards (see `shortcutFor`). */
  keys: string[];
  /** What it does, in the console's language at the moment it is read. */
  readonly does: string;
}

/** A key's name in the console's language ("Space" / "Espace"); characters and arrows stay as they are. */
export function keyName(key: string): string {
  return key === 'Space' ? m.live_key_space() : key === 'Esc' ? m.live_key_esc() : key;
}

const shortcut = (keys: string[], does: () => string): Shortcut => ({
  keys,
  get does() {
    return does();
  },
});

// The letters stay N, P, M and V in French: the key handler matches the character typed.
export const SHORTCUTS: Shortcut[] = [
  shortcut(['Space'], m.live_key_toggle),
  shortcut(['→', 'N'], m.live_key_next),
  shortcut(['←', 'P'], m.live_key_previous),
  shortcut(['+', '='], m.live_key_add_30s),
  shortcut(['−'], m.live_key_remove_30s),
  shortcut(['↑'], m.live_key_add_minute),
  shortcut(['↓'], m.live_key_remove_minute),
  shortcut(['M'], m.live_key_message),
  shortcut(['Esc'], m.live_key_clear),
  shortcut(['V'], m.vote_key_toggle),
];

/** Typing in a field must never drive the show. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(target.type);
  return false;
}

const SECOND = 1000;

/**
 * The action a key press asks for, or null. Which property of the event decides
 * is chosen per shortcut:
 * - `+` and `−` by `key`, the character typed. The physical key differs by layout
 *   (US Shift+=, Swiss QWERTZ Shift+1, German QWERTZ its own key, AZERTY Shift+=,
 *   numpads) and most need Shift to type +, so Shift cannot also mean "a minute":
 *   + is always 30 s, as the help says. `=` counts as + (the unshifted + key on US,
 *   UK and AZERTY). `code` would be wrong: on AZERTY `Minus` is the ) key, on
 *   QWERTZ it is ß.
 * - A minute by ↑ and ↓, the same key and name on every layout.
 * - N, P and M by `key`, the letter printed on the key (M is where ; is on
 *   QWERTY for AZERTY users); on a non-Latin layout, where `key` is another
 *   alphabet's letter, by the physical key (`code` KeyN) instead.
 * - Space, the arrows and Esc by `key`: the same everywhere.
 */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): ShortcutAction | null {
  // Ctrl/Cmd combinations belong to the browser; AltGr (Ctrl+Alt on Windows) types characters on QWERTZ and AZERTY.
  if (e.metaKey || (e.ctrlKey && !e.altKey)) return null;
  switch (e.key) {
    case '+':
    case '=':
      return { kind: 'adjust', deltaMs: 30 * SECOND };
    case '-':
    case '−':
      return { kind: 'adjust', deltaMs: -30 * SECOND };
    case 'ArrowUp':
      return { kind: 'adjust', deltaMs: 60 * SECOND };
    case 'ArrowDown':
      return { kind: 'adjust', deltaMs: -60 * SECOND };
    case ' ':
      return { kind: 'toggle' };
    case 'ArrowRight':
      return { kind: 'next' };
    case 'ArrowLeft':
      return { kind: 'previous' };
    case 'Escape':
      return { kind: 'clear-message' };
  }
  if (e.altKey || e.ctrlKey) return null;
  switch (letterOf(e)) {
    case 'n':
      return { kind: 'next' };
    case 'p':
      return { kind: 'previous' };
    case 'm':
      return { kind: 'focus-message' };
    case 'v':
      return { kind: 'toggle-vote' };
  }
  return null;
}

/** The Latin letter a key stands for: the typed letter, or on a non-Latin layout the key's place. */
function letterOf(e: Pick<KeyboardEvent, 'key' | 'code'>): string | null {
  if (/^[a-z]$/i.test(e.key)) return e.key.toLowerCase();
  const otherAlphabet = e.key.length === 1 && /[^\u0000-\u024f]/u.test(e.key);
  if (otherAlphabet && /^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  return null;
}
