// The live console's keys on the keyboards organisers really have. Each row is
// a key press as the browser reports it on that layout: `key` is the character
// typed, `code` the physical key (named after its place on a US keyboard).
import { describe, expect, it } from 'vitest';
import { shortcutFor, SHORTCUTS, type ShortcutAction } from '../../client/src/pages/organiser/live/shortcuts.ts';

interface Press {
  key: string;
  code: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}
const press = (p: Press) => shortcutFor({ shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...p });

const ADD_30: ShortcutAction = { kind: 'adjust', deltaMs: 30_000 };
const REMOVE_30: ShortcutAction = { kind: 'adjust', deltaMs: -30_000 };
const ADD_MIN: ShortcutAction = { kind: 'adjust', deltaMs: 60_000 };
const REMOVE_MIN: ShortcutAction = { kind: 'adjust', deltaMs: -60_000 };

const LAYOUTS: Record<string, [string, Press, ShortcutAction | null][]> = {
  'US QWERTY': [
    ['=', { key: '=', code: 'Equal' }, ADD_30],
    ['+ (Shift and =)', { key: '+', code: 'Equal', shiftKey: true }, ADD_30],
    ['-', { key: '-', code: 'Minus' }, REMOVE_30],
    ['_ (Shift and -)', { key: '_', code: 'Minus', shiftKey: true }, null],
    ['numpad +', { key: '+', code: 'NumpadAdd' }, ADD_30],
    ['numpad −', { key: '-', code: 'NumpadSubtract' }, REMOVE_30],
    ['n', { key: 'n', code: 'KeyN' }, { kind: 'next' }],
    ['N', { key: 'N', code: 'KeyN', shiftKey: true }, { kind: 'next' }],
    ['p', { key: 'p', code: 'KeyP' }, { kind: 'previous' }],
    ['m', { key: 'm', code: 'KeyM' }, { kind: 'focus-message' }],
    [';', { key: ';', code: 'Semicolon' }, null],
  ],
  'German QWERTZ': [
    ['+ (its own key)', { key: '+', code: 'BracketRight' }, ADD_30],
    ['- (right of .)', { key: '-', code: 'Slash' }, REMOVE_30],
    ['ß (where - is on US)', { key: 'ß', code: 'Minus' }, null],
    ['´ dead key (where = is on US)', { key: 'Dead', code: 'Equal' }, null],
    ['= (Shift and 0)', { key: '=', code: 'Digit0', shiftKey: true }, ADD_30],
    ['m', { key: 'm', code: 'KeyM' }, { kind: 'focus-message' }],
    ['ü', { key: 'ü', code: 'BracketLeft' }, null],
  ],
  'Swiss QWERTZ': [
    ['+ (Shift and 1)', { key: '+', code: 'Digit1', shiftKey: true }, ADD_30],
    ['- (right of .)', { key: '-', code: 'Slash' }, REMOVE_30],
    ["' (where - is on US)", { key: "'", code: 'Minus' }, null],
    ['^ dead key (where = is on US)', { key: 'Dead', code: 'Equal' }, null],
    ['1', { key: '1', code: 'Digit1' }, null],
    ['n', { key: 'n', code: 'KeyN' }, { kind: 'next' }],
  ],
  'French AZERTY': [
    ['=', { key: '=', code: 'Equal' }, ADD_30],
    ['+ (Shift and =)', { key: '+', code: 'Equal', shiftKey: true }, ADD_30],
    ['- (the 6 key)', { key: '-', code: 'Digit6' }, REMOVE_30],
    [') (where - is on US)', { key: ')', code: 'Minus' }, null],
    ['° (Shift and ))', { key: '°', code: 'Minus', shiftKey: true }, null],
    ['m (where ; is on US)', { key: 'm', code: 'Semicolon' }, { kind: 'focus-message' }],
    [', (where m is on US)', { key: ',', code: 'KeyM' }, null],
    ['n', { key: 'n', code: 'KeyN' }, { kind: 'next' }],
    ['p', { key: 'p', code: 'KeyP' }, { kind: 'previous' }],
    ['a (where q is on US)', { key: 'a', code: 'KeyQ' }, null],
    ['é (the 2 key)', { key: 'é', code: 'Digit2' }, null],
  ],
  'Russian ЙЦУКЕН': [
    ['т (the N key)', { key: 'т', code: 'KeyN' }, { kind: 'next' }],
    ['з (the P key)', { key: 'з', code: 'KeyP' }, { kind: 'previous' }],
    ['ь (the M key)', { key: 'ь', code: 'KeyM' }, { kind: 'focus-message' }],
    ['- ', { key: '-', code: 'Minus' }, REMOVE_30],
  ],
};

describe('the live console keys on each keyboard layout', () => {
  for (const [layout, presses] of Object.entries(LAYOUTS)) {
    it(`${layout}: every key does what the help says, and keys the help does not name do nothing`, () => {
      for (const [name, p, expected] of presses) expect(press(p), `${layout} ${name}`).toEqual(expected);
    });
  }

  it('arrows, Space and Esc are the same on every layout, Shift or not', () => {
    for (const shiftKey of [false, true]) {
      expect(press({ key: 'ArrowUp', code: 'ArrowUp', shiftKey })).toEqual(ADD_MIN);
      expect(press({ key: 'ArrowDown', code: 'ArrowDown', shiftKey })).toEqual(REMOVE_MIN);
      expect(press({ key: 'ArrowRight', code: 'ArrowRight', shiftKey })).toEqual({ kind: 'next' });
      expect(press({ key: 'ArrowLeft', code: 'ArrowLeft', shiftKey })).toEqual({ kind: 'previous' });
      expect(press({ key: ' ', code: 'Space', shiftKey })).toEqual({ kind: 'toggle' });
      expect(press({ key: 'Escape', code: 'Escape', shiftKey })).toEqual({ kind: 'clear-message' });
    }
  });

  it('leaves browser shortcuts alone (Ctrl or Cmd with a key)', () => {
    expect(press({ key: 'n', code: 'KeyN', ctrlKey: true })).toBeNull();
    expect(press({ key: 'p', code: 'KeyP', metaKey: true })).toBeNull();
    expect(press({ key: '+', code: 'Equal', ctrlKey: true, shiftKey: true })).toBeNull();
    expect(press({ key: '-', code: 'Minus', metaKey: true })).toBeNull();
    expect(press({ key: 'ArrowRight', code: 'ArrowRight', altKey: true, ctrlKey: false })).toEqual({ kind: 'next' });
  });

  it('the help names 30 s for + and −, and a minute only for the arrows', () => {
    const does = (key: string) => SHORTCUTS.find((s) => s.keys.includes(key))?.does;
    expect(does('+')).toBe('Add 30 seconds');
    expect(does('−')).toBe('Remove 30 seconds');
    expect(does('↑')).toBe('Add a minute');
    expect(does('↓')).toBe('Remove a minute');
  });
});
