// The livestream overlay's options, read from its URL by the page (/overlay) and
// written by the console's URL builder: one shape in one place, so a link the
// console copies always means what the page does with it.
//
//   /overlay?layers=lower,clock      or  ?lower=1&clock=1      which graphics (all four by default)
//   board=1&top=5                        the leaderboard's first N places
//   key=%2300ff00 (or key=00ff00)        a chroma-key background for mixers without alpha
//   scale=1.2  safe=5  theme=light       size of the graphics, title-safe margin (% of the frame), look
//   room=hall-b                          which of the event's rooms (issue 17); absent: the main room

export const OVERLAY_LAYERS = ['lower', 'clock', 'board', 'reveal'] as const;
export type OverlayLayer = (typeof OVERLAY_LAYERS)[number];

export interface OverlayOptions {
  layers: OverlayLayer[];
  /** How many places the leaderboard shows. */
  top: number;
  /** The page's background colour (#rrggbb) for a chroma key; null: transparent. */
  key: string | null;
  /** The graphics' size, 1 = designed for 1920×1080. */
  scale: number;
  /** Title-safe margin on each side, in % of the frame. */
  safe: number;
  theme: 'dark' | 'light';
  /** The event room whose stage and clock the overlay shows; null: the main room. */
  room: string | null;
}

export const OVERLAY_DEFAULTS: OverlayOptions = { layers: [...OVERLAY_LAYERS], top: 5, key: null, scale: 1, safe: 5, theme: 'dark', room: null };

/** What a room id is made of (protocol/model.ts's Id, without loading zod into the overlay). */
const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const OVERLAY_LIMITS = { top: [1, 20], scale: [0.5, 2], safe: [0, 20] } as const;

const clamp = (x: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, x));

/** A hex colour (#0f0, 00ff00, #00ff00) as #rrggbb, or null. */
export function keyColour(text: string | null | undefined): string | null {
  const hex = (text ?? '').trim().replace(/^#/, '');
  if (/^[0-9a-f]{6}$/i.test(hex)) return `#${hex.toLowerCase()}`;
  if (/^[0-9a-f]{3}$/i.test(hex)) return `#${[...hex.toLowerCase()].map((c) => c + c).join('')}`;
  return null;
}

function number(params: URLSearchParams, name: string, fallback: number, range: readonly [number, number]): number {
  const raw = params.get(name);
  const n = raw === null || raw.trim() === '' ? NaN : Number(raw.replace(',', '.'));
  return Number.isFinite(n) ? clamp(n, range) : fallback;
}

/**
 * The options of an overlay URL. `hash`: a `key=#00ff00` typed as is puts the colour in the
 * URL's fragment (a `#` starts one), so an empty `key` takes the fragment's colour.
 */
export function parseOverlayOptions(search: string, hash = ''): OverlayOptions {
  const params = new URLSearchParams(search);
  const listed = (params.get('layers') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is OverlayLayer => (OVERLAY_LAYERS as readonly string[]).includes(s));
  const flagged = OVERLAY_LAYERS.filter((l) => ['1', 'true', 'yes', 'on'].includes((params.get(l) ?? '').toLowerCase()));
  const chosen = new Set([...listed, ...flagged]);
  const layers = chosen.size ? OVERLAY_LAYERS.filter((l) => chosen.has(l)) : [...OVERLAY_DEFAULTS.layers];
  const key = params.has('key') ? keyColour(params.get('key')) ?? (params.get('key') === '' ? keyColour(hash) : null) : null;
  return {
    layers,
    top: Math.round(number(params, 'top', OVERLAY_DEFAULTS.top, OVERLAY_LIMITS.top)),
    key,
    scale: number(params, 'scale', OVERLAY_DEFAULTS.scale, OVERLAY_LIMITS.scale),
    safe: number(params, 'safe', OVERLAY_DEFAULTS.safe, OVERLAY_LIMITS.safe),
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
    room: ROOM_ID.test(params.get('room') ?? '') ? params.get('room') : null,
  };
}

/** The query string of an overlay URL ("?layers=lower,clock&key=%2300ff00"), defaults left out; "" for all defaults. */
export function overlayQuery(options: OverlayOptions): string {
  const params = new URLSearchParams();
  const all = OVERLAY_LAYERS.every((l) => options.layers.includes(l));
  if (!all) params.set('layers', OVERLAY_LAYERS.filter((l) => options.layers.includes(l)).join(','));
  if (options.layers.includes('board') && options.top !== OVERLAY_DEFAULTS.top) params.set('top', String(options.top));
  if (options.key) params.set('key', options.key);
  if (options.scale !== OVERLAY_DEFAULTS.scale) params.set('scale', String(options.scale));
  if (options.safe !== OVERLAY_DEFAULTS.safe) params.set('safe', String(options.safe));
  if (options.theme !== OVERLAY_DEFAULTS.theme) params.set('theme', options.theme);
  if (options.room) params.set('room', options.room);
  const query = params.toString().replace(/%2C/g, ',');
  return query ? `?${query}` : '';
}
