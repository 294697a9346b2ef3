// What one score costs the organiser's console to apply (protocol/organiser-patch.ts), at
// 10 × 10, 100 × 30 and 300 × 200 teams × jurors, every juror having scored every team:
// before, the scores map copied and everything derived from scratch at every patch
// (deriveOrganiser: two leaderboards and the jury report over every score); now, the
// scores patched in place and only what changed re-ranked (protocol/ranking-index.ts).
// Median wall and CPU time over many patches of one score each; the first patch after a
// snapshot, which builds the incremental ranking from every score, is reported apart.
// In process, with the patches as they come off the wire (parsed JSON).
//   npx tsx bench/console-derivation.ts
import { scoreKey, type Score } from '../protocol/model.ts';
import { applyOrganiserPatch, deriveOrganiser, organiserCore } from '../protocol/organiser-patch.ts';
import type { OrganiserPatch, OrganiserState } from '../protocol/views.ts';
import { organiserState } from '../server/domain/projection.ts';
import { sizedData } from '../tests/helpers/sized-event.ts';
import { fmt, median, table } from './lib/stats.ts';

export interface ConsoleDerivationRow {
  teams: number;
  jurors: number;
  beforeMs: number;
  beforeCpuMs: number;
  beforePatches: number;
  firstMs: number;
  afterMs: number;
  afterCpuMs: number;
  afterPatches: number;
}

const NOW = 1_767_000_000_000;

/** The old applyOrganiserPatch: the whole scores map copied, everything derived from scratch. */
function fromScratch(state: OrganiserState, patch: OrganiserPatch): OrganiserState {
  const core = organiserCore(state);
  const scores: Record<string, Score> = Object.assign(Object.create(null) as Record<string, Score>, core.data.scores);
  for (const [key, score] of Object.entries(patch.scores ?? {})) {
    if (score) scores[key] = score;
    else delete scores[key];
  }
  return deriveOrganiser({ ...core, ...patch.view, seq: patch.seq, rev: patch.rev, data: { ...core.data, ...patch.data, scores } }, patch.at);
}

/** Wall and CPU milliseconds of `run`. */
function timed(run: () => void): [wall: number, cpu: number] {
  const cpu = process.cpuUsage();
  const began = performance.now();
  run();
  const wall = performance.now() - began;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1000];
}

export function consoleDerivationBench(sizes: readonly [teams: number, jurors: number][], patches = 200, beforePatches = 20): ConsoleDerivationRow[] {
  return sizes.map(([teams, jurors]) => {
    const data = sizedData(teams, jurors, { scored: true, at: NOW });
    data.visibility.mode = 'live';
    const snapshot = JSON.stringify(organiserState(data, NOW, 1, 1));
    const criteria = data.event.criteria;
    // One score each, revised or new, spread over jurors and teams; as the wire brings them.
    const wire = Array.from({ length: patches }, (_, i) => {
      const juror = data.event.jurors[(i * 13) % jurors]!;
      const team = data.event.teams[(i * 37) % teams]!;
      const marks = Object.fromEntries(criteria.map((c, k) => [c.id, c.min + ((i + k) % (c.max - c.min + 1))]));
      const score: Score = { jurorId: juror.id, teamId: team.id, marks, note: '', revision: 2 + i, updatedAt: NOW + i };
      const patch: OrganiserPatch = { base: i + 1, rev: i + 2, seq: i + 2, at: NOW + i, scores: { [scoreKey(juror.id, team.id)]: score }, view: { auditCount: i } };
      return JSON.stringify(patch);
    });
    const run = (apply: (s: OrganiserState, p: OrganiserPatch) => OrganiserState, count: number) => {
      let state = JSON.parse(snapshot) as OrganiserState;
      const walls: number[] = [];
      const cpus: number[] = [];
      for (const json of wire.slice(0, count)) {
        const patch = JSON.parse(json) as OrganiserPatch;
        const [wall, cpu] = timed(() => (state = apply(state, patch)));
        walls.push(wall);
        cpus.push(cpu);
      }
      return { walls, cpus };
    };
    const before = run(fromScratch, Math.min(beforePatches, patches));
    const after = run(applyOrganiserPatch, patches);
    return {
      teams,
      jurors,
      beforeMs: median(before.walls),
      beforeCpuMs: median(before.cpus),
      beforePatches: before.walls.length,
      firstMs: after.walls[0]!,
      afterMs: median(after.walls.slice(1)),
      afterCpuMs: median(after.cpus.slice(1)),
      afterPatches: after.walls.length - 1,
    };
  });
}

export function consoleDerivationTable(rows: readonly ConsoleDerivationRow[]): string {
  return table(
    ['teams × jurors', 'before: from scratch p50 (CPU)', 'now: first patch (builds the index)', 'now: per patch p50 (CPU)', 'patches before / now'],
    rows.map((r) => [
      `${r.teams} × ${r.jurors}`,
      `${fmt(r.beforeMs, 2)} ms (${fmt(r.beforeCpuMs, 2)} ms)`,
      `${fmt(r.firstMs, 2)} ms`,
      `${fmt(r.afterMs, 3)} ms (${fmt(r.afterCpuMs, 3)} ms)`,
      `${r.beforePatches} / ${r.afterPatches}`,
    ]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(consoleDerivationTable(consoleDerivationBench([[10, 10], [100, 30], [300, 200]])));
}
