// The overlay's URL options: what the console's builder writes is what the page reads.
import { describe, expect, it } from 'vitest';
import { OVERLAY_DEFAULTS, keyColour, overlayQuery, parseOverlayOptions } from '../../protocol/overlay-url.ts';

describe('overlay URL options', () => {
  it('reads layers from layers= or from flags, all four when none is named', () => {
    expect(parseOverlayOptions('').layers).toEqual(['lower', 'clock', 'board', 'reveal']);
    expect(parseOverlayOptions('?layers=clock,lower').layers).toEqual(['lower', 'clock']);
    expect(parseOverlayOptions('?board=1&top=3').layers).toEqual(['board']);
    expect(parseOverlayOptions('?board=1&top=3').top).toBe(3);
    expect(parseOverlayOptions('?layers=nonsense').layers).toEqual(['lower', 'clock', 'board', 'reveal']);
  });

  it('takes a key colour written with %23, without #, or typed with # (which lands in the fragment)', () => {
    expect(parseOverlayOptions('?key=%2300ff00').key).toBe('#00ff00');
    expect(parseOverlayOptions('?key=00FF00').key).toBe('#00ff00');
    expect(parseOverlayOptions('?key=', '#00ff00').key).toBe('#00ff00');
    expect(parseOverlayOptions('?key=0f0').key).toBe('#00ff00');
    expect(parseOverlayOptions('?key=red').key).toBeNull();
    expect(parseOverlayOptions('', '#00ff00').key).toBeNull();
    expect(keyColour('#12345')).toBeNull();
  });

  it('keeps numbers within bounds and reads a decimal comma', () => {
    expect(parseOverlayOptions('?scale=9&safe=-3&top=100')).toMatchObject({ scale: 2, safe: 0, top: 20 });
    expect(parseOverlayOptions('?scale=1,5').scale).toBe(1.5);
    expect(parseOverlayOptions('?scale=big').scale).toBe(1);
    // A room id that cannot be one (a path, a script) is no room: the main room's overlay.
    expect(parseOverlayOptions('?room=../etc').room).toBeNull();
    expect(parseOverlayOptions('?room=%3Cscript%3E').room).toBeNull();
    expect(parseOverlayOptions('?room=salle-B_2').room).toBe('salle-B_2');
  });

  it('writes only what differs from the defaults, and reads back the same options', () => {
    expect(overlayQuery(OVERLAY_DEFAULTS)).toBe('');
    const options = { layers: ['lower', 'board'] as const, top: 3, key: '#00ff00', scale: 1.2, safe: 8, theme: 'light' as const, room: 'hall-b' };
    const query = overlayQuery({ ...options, layers: [...options.layers] });
    expect(query).toBe('?layers=lower,board&top=3&key=%2300ff00&scale=1.2&safe=8&theme=light&room=hall-b');
    expect(parseOverlayOptions(query)).toEqual({ ...options, layers: ['lower', 'board'] });
  });
});
