// The event the benchmarks run: the demo event with as many jurors as asked,
// scoring open for every team and the leaderboard live for the audience.
import type { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';

export const BENCH_ORGANISER_TOKEN = 'bench-organiser-token-0123456789';

export interface BenchEventSize {
  /** Teams in all, the demo's six included (more are added after them). */
  teams?: number;
  /** Every juror has already scored every team, with a note (revision 1), as late in an event. */
  scored?: boolean;
}

export function benchData(jurors: number, size: BenchEventSize = {}): PodiumData {
  const data = demoData(BENCH_ORGANISER_TOKEN);
  data.event.jurors = Array.from({ length: jurors }, (_, i) => ({
    id: `bench-juror-${i + 1}`,
    name: `Juror ${i + 1}`,
    token: `bench-juror-token-${String(i + 1).padStart(4, '0')}-abcdef`,
    conflicts: [],
  }));
  const template = data.event.teams[0]!;
  for (let i = data.event.teams.length; i < (size.teams ?? 0); i++) {
    const categoryId = data.event.categories[i % data.event.categories.length]!.id;
    data.event.teams.push({ ...template, id: `bench-team-${i + 1}`, name: `Équipe ${i + 1}`, project: `Projet n° ${i + 1} contre le plastique`, categoryId });
  }
  for (const team of data.event.teams) data.scoring[team.id] = 'open';
  if (size.scored) {
    const at = data.event.settings.startsAt;
    for (const juror of data.event.jurors) {
      for (const [t, team] of data.event.teams.entries()) {
        const marks = Object.fromEntries(data.event.criteria.map((c, k) => [c.id, c.min + ((t + k) % (c.max - c.min + 1))]));
        const key = `${juror.id}:${team.id}`;
        const note = `Clear pitch, solid numbers; the pilot with ${t + 3} schools is convincing. Team ${t + 1}.`;
        data.scores[key] = { jurorId: juror.id, teamId: team.id, marks, note, revision: 1, updatedAt: at };
        data.appliedOps[`bench-op-${juror.id}-${team.id}`] = key;
        data.audit.push({ at, actor: `juror:${juror.id}`, action: 'score:submit', teamId: team.id, jurorId: juror.id, fromRevision: null, toRevision: 1, detail: JSON.stringify(marks) });
      }
    }
  }
  data.visibility.mode = 'live';
  return data;
}
