// Benchmark 7: what one score costs the organiser's console, at 10 teams × 10
// jurors and at 300 × 200, every juror having scored every team: the bytes of
// the patch the console is sent and the server's time to build and serialise
// it, against what was sent before (the whole organiser state, per send), and
// the console's time to apply the patch (it ranks the event itself). In
// process, with the functions the broadcaster and the console call; the bytes
// are those Socket.IO sends, less its few bytes of framing.
import { scoreKey } from '../protocol/model.ts';
import { applyOrganiserPatch } from '../protocol/organiser-patch.ts';
import type { OrganiserState } from '../protocol/views.ts';
import { organiserCore, organiserState } from '../server/domain/projection.ts';
import { submitScore } from '../server/domain/scoring.ts';
import { OrganiserStream } from '../server/organiser-stream.ts';
import { sizedData } from '../tests/helpers/sized-event.ts';
import { fmt, max, median, table } from './lib/stats.ts';

export interface OrganiserStreamRow {
  teams: number;
  jurors: number;
  snapshotBytes: number;
  patchBytesP50: number;
  patchBytesMax: number;
  patchServerMs: number;
  wholeBytes: number;
  wholeServerMs: number;
  consoleApplyMs: number;
  scores: number;
}

const NOW = 1_767_000_000_000;

export function organiserStreamBench(sizes: readonly [teams: number, jurors: number][], scores = 20, wholeScores = 5): OrganiserStreamRow[] {
  return sizes.map(([teams, jurors]) => {
    const data = sizedData(teams, jurors, { scored: true, at: NOW });
    data.visibility.mode = 'live';
    const stream = new OrganiserStream();
    stream.rebase(organiserCore(data, NOW, 1, 1));
    const snapshotJson = JSON.stringify(organiserState(data, NOW, 1, stream.rev));
    let console_ = JSON.parse(snapshotJson) as OrganiserState;
    const patchBytes: number[] = [];
    const patchMs: number[] = [];
    const applyMs: number[] = [];
    const wholeMs: number[] = [];
    let wholeBytes = 0;
    const criteria = data.event.criteria;
    for (let i = 0; i < scores; i++) {
      const juror = data.event.jurors[(i * 13) % jurors]!;
      const team = data.event.teams[(i * 37) % teams]!;
      const revision = (data.scores[scoreKey(juror.id, team.id)]?.revision ?? 0) + 1;
      const marks = Object.fromEntries(criteria.map((c, k) => [c.id, c.min + ((i + k) % (c.max - c.min + 1))]));
      const now = NOW + i;
      submitScore(data, juror.id, { opId: `bench-op-${i}`, teamId: team.id, revision, marks, note: '' }, now);
      let began = performance.now();
      const json = JSON.stringify(stream.next(data, now, i + 2, new Set([juror.id])));
      patchMs.push(performance.now() - began);
      patchBytes.push(Buffer.byteLength(json));
      began = performance.now();
      console_ = applyOrganiserPatch(console_, JSON.parse(json));
      applyMs.push(performance.now() - began);
      if (i < wholeScores) {
        // What the broadcaster did before: the whole state, ranked and serialised, per send.
        began = performance.now();
        const whole = JSON.stringify(organiserState(data, now, i + 2));
        wholeMs.push(performance.now() - began);
        wholeBytes = Buffer.byteLength(whole);
      }
    }
    return {
      teams,
      jurors,
      snapshotBytes: Buffer.byteLength(snapshotJson),
      patchBytesP50: median(patchBytes),
      patchBytesMax: max(patchBytes),
      patchServerMs: median(patchMs),
      wholeBytes,
      wholeServerMs: median(wholeMs),
      consoleApplyMs: median(applyMs),
      scores,
    };
  });
}

const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

export function organiserStreamTable(rows: readonly OrganiserStreamRow[]): string {
  return table(
    ['teams × jurors', 'snapshot (on connect)', 'patch per score p50 / max', 'server per patch p50', 'before: whole state per send', 'before: server per send p50', 'console applies a patch p50', 'scores'],
    rows.map((r) => [
      `${r.teams} × ${r.jurors}`,
      kb(r.snapshotBytes),
      `${fmt(r.patchBytesP50, 0)} B / ${fmt(r.patchBytesMax, 0)} B`,
      `${fmt(r.patchServerMs, 2)} ms`,
      kb(r.wholeBytes),
      `${fmt(r.wholeServerMs)} ms`,
      `${fmt(r.consoleApplyMs)} ms`,
      String(r.scores),
    ]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(organiserStreamTable(organiserStreamBench([[10, 10], [300, 200]])));
}
