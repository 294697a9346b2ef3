// The organiser's console is sent a snapshot once, then patches: the scores that
// changed and the parts of its view that changed. Its rankings, jury report and
// projector leaderboard it derives itself from the scores by the server's own
// rules (protocol/ranking.ts), so a score costs the bytes of a score whatever
// the size of the event, and the server ranks nothing for the console per score.
import { scoreKey, type Score } from './model.ts';
import { publicBoard } from './public-board.ts';
import { juryReport, leaderboard, officialNormalisation, podiumDiffers } from './ranking.ts';
import { roundEvent } from './rounds.ts';
import type { OrganiserCore, OrganiserPatch, OrganiserState } from './views.ts';

/** The whole organiser state from its core, with the rankings computed at `at`. */
export function deriveOrganiser(core: OrganiserCore, at: number): OrganiserState {
  const { event, visibility } = core.data;
  // In the event's juror and team order, not the map's insertion order, which a console that was
  // patched and one that got a snapshot do not share. Scores of unknown jurors or teams never count.
  const scores: Score[] = [];
  for (const juror of event.jurors) {
    for (const team of event.teams) {
      const key = scoreKey(juror.id, team.id);
      if (Object.hasOwn(core.data.scores, key)) scores.push(core.data.scores[key]!);
    }
  }
  const raw = leaderboard(event, scores, at, 'none');
  const normalised = leaderboard(event, scores, at, 'z-score');
  const official = officialNormalisation(event) === 'z-score' ? normalised : raw;
  return {
    ...core,
    leaderboard: official,
    normalisedLeaderboard: normalised,
    rawLeaderboard: raw,
    podiumDiffers: podiumDiffers(raw.overall, normalised.overall),
    jury: juryReport(roundEvent(event), scores),
    projector: { ...core.projector, seq: core.seq, leaderboard: publicBoard(visibility, () => official) },
  };
}

/** The core of a state: what patches change. */
export function organiserCore(state: OrganiserState): OrganiserCore {
  const { leaderboard: _l, normalisedLeaderboard: _n, rawLeaderboard: _r, podiumDiffers: _p, jury: _j, projector, ...rest } = state;
  const { leaderboard: _pl, seq: _ps, ...preview } = projector;
  return { ...rest, projector: preview };
}

/** Whether `patch` follows `state` directly; if not, the console needs a fresh snapshot. */
export const patchFits = (state: Pick<OrganiserState, 'rev'>, patch: Pick<OrganiserPatch, 'base'>): boolean => patch.base === state.rev;

/** The state after `patch`. Pure: `state` is left as it was. The caller checks `patchFits` first. */
export function applyOrganiserPatch(state: OrganiserState, patch: OrganiserPatch): OrganiserState {
  const core = organiserCore(state);
  let scores = core.data.scores;
  if (patch.scores) {
    // Keyed by juror and team, from the wire: a map without a prototype, whatever the ids.
    const next: Record<string, Score> = Object.assign(Object.create(null) as Record<string, Score>, scores);
    for (const [key, score] of Object.entries(patch.scores)) {
      if (score) next[key] = score;
      else delete next[key];
    }
    scores = next;
  }
  return deriveOrganiser(
    {
      ...core,
      ...patch.view,
      seq: patch.seq,
      rev: patch.rev,
      data: { ...core.data, ...patch.data, scores },
    },
    patch.at,
  );
}
