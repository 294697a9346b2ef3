// The show's components (ShowScreen, Leaderboard, RevealBoard, ShowAgenda) speak the EVENT's
// language and show its zone, taken from the public state they render, not from the page:
// on the projector and the audience page the two agree (they follow the event), and in the
// organiser's console, which speaks the device's language, the preview still shows exactly
// what the room sees.
//
//   const show = $derived(showLocale(state));    // state: PublicState (it has language and timeZone)
//   {m.common_show_up_next({}, show.say)}        // a message in the event's language
//   {show.time(next.projectedStart)}             // 16:15 in the event's zone
import type { Locality } from '../../../../protocol/format.ts';
import { formatTime, ordinal } from '../../../../protocol/format.ts';
import { formatScore } from '../../../../protocol/scoring.ts';

export interface ShowLocale {
  /** The options to pass to a message: `m.key(inputs, show.say)`. */
  say: { locale: Locality['language'] };
  /** "16:15" in the event's zone. */
  time: (epochMs: number) => string;
  /** "7,43" / "7.43"; "–" for none. */
  score: (x: number | null | undefined) => string;
  /** A place: « 1re », « 2e » (place is feminine in French) / "1st", "2nd". */
  place: (rank: number) => string;
}

export function showLocale(event: Locality): ShowLocale {
  const { language, timeZone } = event;
  return {
    say: { locale: language },
    time: (epochMs) => formatTime(epochMs, { language, timeZone }),
    score: (x) => formatScore(x, language),
    place: (rank) => ordinal(rank, language, { feminine: true }),
  };
}
