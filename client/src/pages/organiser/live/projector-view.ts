// What the projector shows, rebuilt from the organiser's state for the console's
// preview: the same rules as the server's public projection for the leaderboard.
import type { OrganiserState, PublicState } from '../../../../../protocol/views.ts';

export function projectorView(s: OrganiserState): PublicState {
  const { event, visibility, live } = s.data;
  const leaderboard = visibility.mode === 'live' ? s.leaderboard : visibility.mode === 'frozen' ? visibility.frozenBoard : null;
  return {
    seq: s.seq,
    eventName: event.settings.name,
    amberMs: event.settings.amberMs,
    redMs: event.settings.redMs,
    categories: event.categories,
    criteria: event.criteria,
    teams: event.teams,
    agenda: s.agenda,
    now: s.now,
    message: live.message,
    visibility: { mode: visibility.mode, focus: visibility.focus },
    leaderboard,
    reveal: s.reveal,
  };
}
