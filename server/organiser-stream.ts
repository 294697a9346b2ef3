// The organiser's stream: what the console was last sent, kept as fingerprints,
// so each send carries only the scores and the parts of the view that changed.
// One stream for the organiser room; every console in it is at the same revision
// (a console that joins first brings the room up to date, then gets a snapshot).
import { scoreKey, type PodiumData, type Score } from '../protocol/model.ts';
import type { OrganiserCore, OrganiserPatch } from '../protocol/views.ts';
import { organiserCore } from './domain/projection.ts';

/** Parts that scores cannot change: compared only when something else changed. */
const STRUCTURAL = new Set(['event', 'agenda', 'projector']);

/** A score changes only through a new revision; removals and re-imports show as keys gone or new. */
const fingerprint = (s: Score) => s.revision * 1e13 + s.updatedAt;

export class OrganiserStream {
  /** The revision the consoles are at. */
  rev = 0;
  private scores = new Map<string, number>();
  private parts = new Map<string, string>();

  /**
   * What changed since the last call, as a patch from `rev`, or null when nothing did.
   * `scoredBy`: the caller knows nothing changed since but these jurors' scores, so only those are
   * looked at and the large parts are not compared: a score costs O(teams), not O(event).
   * `changedKeys`: with `scoredBy`, the score keys changed since the last call (the store's journal,
   * ScoreIndex.changedSince), so that only those are looked at: a score costs O(1).
   */
  next(data: PodiumData, now: number, seq: number, scoredBy: ReadonlySet<string> | null = null, changedKeys: readonly string[] | null = null): OrganiserPatch | null {
    const onlyScores = scoredBy !== null;
    const core = organiserCore(data, now, seq, this.rev + 1);
    const patch: OrganiserPatch = { base: this.rev, rev: this.rev + 1, seq, at: now };
    const scores = !scoredBy ? this.scoresChanged(data.scores) : changedKeys ? this.keysChanged(data, changedKeys) : this.jurorsScoresChanged(data, scoredBy);
    if (scores) patch.scores = scores;
    const { data: stored, seq: _seq, rev: _rev, ...view } = core;
    const { scores: _scores, ...rest } = stored;
    const dataParts = this.partsChanged('data.', rest, onlyScores);
    if (dataParts) patch.data = dataParts as OrganiserPatch['data'];
    const viewParts = this.partsChanged('view.', view, onlyScores);
    if (viewParts) patch.view = viewParts as OrganiserPatch['view'];
    if (!patch.scores && !patch.data && !patch.view) return null;
    this.rev++;
    return patch;
  }

  /** Whole-state baseline: after a snapshot sent to every console (none was connected before). */
  rebase(core: OrganiserCore): void {
    this.scores = new Map(Object.entries(core.data.scores).map(([k, s]) => [k, fingerprint(s)]));
    this.parts.clear();
    const { data: stored, seq: _seq, rev: _rev, ...view } = core;
    const { scores: _scores, ...rest } = stored;
    this.partsChanged('data.', rest, false);
    this.partsChanged('view.', view, false);
    this.rev = core.rev;
  }

  /** Scores only change by submission between structural changes: added or revised, never removed. */
  private jurorsScoresChanged(data: PodiumData, jurorIds: ReadonlySet<string>): Record<string, Score | null> | null {
    let changed: Record<string, Score | null> | null = null;
    for (const jurorId of jurorIds) {
      for (const team of data.event.teams) {
        const key = scoreKey(jurorId, team.id);
        const score = Object.hasOwn(data.scores, key) ? data.scores[key] : undefined;
        if (!score) continue;
        const print = fingerprint(score);
        if (this.scores.get(key) === print) continue;
        this.scores.set(key, print);
        (changed ??= Object.create(null) as Record<string, Score | null>)[key] = score;
      }
    }
    return changed;
  }

  /** The scores of these keys, where they differ from what was sent (gone: null). */
  private keysChanged(data: PodiumData, keys: readonly string[]): Record<string, Score | null> | null {
    let changed: Record<string, Score | null> | null = null;
    for (const key of keys) {
      const score = Object.hasOwn(data.scores, key) ? data.scores[key] : undefined;
      if (!score) {
        if (!this.scores.delete(key)) continue;
        (changed ??= Object.create(null) as Record<string, Score | null>)[key] = null;
        continue;
      }
      const print = fingerprint(score);
      if (this.scores.get(key) === print) continue;
      this.scores.set(key, print);
      (changed ??= Object.create(null) as Record<string, Score | null>)[key] = score;
    }
    return changed;
  }

  private scoresChanged(current: PodiumData['scores']): Record<string, Score | null> | null {
    let changed: Record<string, Score | null> | null = null;
    const seen = new Set<string>();
    for (const [key, score] of Object.entries(current)) {
      seen.add(key);
      const print = fingerprint(score);
      if (this.scores.get(key) === print) continue;
      this.scores.set(key, print);
      (changed ??= Object.create(null) as Record<string, Score | null>)[key] = score;
    }
    if (seen.size !== this.scores.size) {
      for (const key of this.scores.keys()) {
        if (seen.has(key)) continue;
        this.scores.delete(key);
        (changed ??= Object.create(null) as Record<string, Score | null>)[key] = null;
      }
    }
    return changed;
  }

  private partsChanged(prefix: string, parts: object, onlyScores: boolean): Record<string, unknown> | null {
    let changed: Record<string, unknown> | null = null;
    for (const [key, value] of Object.entries(parts)) {
      if (onlyScores && STRUCTURAL.has(key)) continue;
      const json = JSON.stringify(value);
      if (this.parts.get(prefix + key) === json) continue;
      this.parts.set(prefix + key, json);
      (changed ??= {})[key] = value;
    }
    return changed;
  }
}
