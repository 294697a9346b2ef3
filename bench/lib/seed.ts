// The event the benchmarks run: the demo event with as many jurors as asked,
// scoring open for every team and the leaderboard live for the audience.
import type { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';

export const BENCH_ORGANISER_TOKEN = 'bench-organiser-token-0123456789';

export function benchData(jurors: number): PodiumData {
  const data = demoData(BENCH_ORGANISER_TOKEN);
  data.event.jurors = Array.from({ length: jurors }, (_, i) => ({
    id: `bench-juror-${i + 1}`,
    name: `Juror ${i + 1}`,
    token: `bench-juror-token-${String(i + 1).padStart(4, '0')}-abcdef`,
    conflicts: [],
  }));
  for (const team of data.event.teams) data.scoring[team.id] = 'open';
  data.visibility.mode = 'live';
  return data;
}
