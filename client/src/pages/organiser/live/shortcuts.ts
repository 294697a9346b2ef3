// The live console's keyboard: one table, used by the key handler and shown on the page.

export type ShortcutAction =
  | { kind: 'toggle' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'adjust'; deltaMs: number }
  | { kind: 'focus-message' }
  | { kind: 'clear-message' };

/** `keys` are alternatives; with `together`, keys pressed at the same time. */
export const SHORTCUTS: { keys: string[]; does: string; together?: boolean }[] = [
  { keys: ['Space'], does: 'Start, pause or resume the clock' },
  { keys: ['→', 'N'], does: 'Next phase or item' },
  { keys: ['←', 'P'], does: 'Previous phase or item' },
  { keys: ['=', 'numpad +'], does: 'Add 30 seconds' },
  { keys: ['−', 'numpad −'], does: 'Remove 30 seconds' },
  { keys: ['Shift', '= or −'], does: 'Add or remove a minute (Shift and = is +)', together: true },
  { keys: ['M'], does: 'Write a message to the speaker' },
  { keys: ['Esc'], does: 'Clear the message on the stage monitor' },
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
 * The action a key press asks for, or null. `+` is Shift+= on many keyboards,
 * so the physical key (`code`) decides add or remove and Shift decides how much.
 */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const step = (e.shiftKey ? 60 : 30) * SECOND;
  if (e.code === 'Equal' || e.code === 'NumpadAdd' || e.key === '+') return { kind: 'adjust', deltaMs: step };
  if (e.code === 'Minus' || e.code === 'NumpadSubtract' || e.key === '-' || e.key === '−') return { kind: 'adjust', deltaMs: -step };
  switch (e.key) {
    case ' ':
      return { kind: 'toggle' };
    case 'ArrowRight':
    case 'n':
    case 'N':
      return { kind: 'next' };
    case 'ArrowLeft':
    case 'p':
    case 'P':
      return { kind: 'previous' };
    case 'm':
    case 'M':
      return { kind: 'focus-message' };
    case 'Escape':
      return { kind: 'clear-message' };
  }
  return null;
}
