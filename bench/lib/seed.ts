// The event the benchmarks run: the demo event with as many jurors as asked,
// scoring open for every team and the leaderboard live for the audience.
import type { AgendaItem, PodiumData } from '../../protocol/model.ts';
import { assignedTeamIds } from '../../protocol/assignments.ts';
import { liveOf } from '../../protocol/rooms.ts';
import { demoData } from '../../server/domain/demo-event.ts';

export const BENCH_ORGANISER_TOKEN = 'bench-organiser-token-0123456789';

export interface BenchEventSize {
  /** Teams in all, the demo's six included (more are added after them). */
  teams?: number;
  /** Every juror has already scored every team they judge, with a note (revision 1), as late in an event. */
  scored?: boolean;
  /**
   * A hackathon's heats (issue 17): this many rooms, the teams spread over them (team i in room i mod n),
   * one pitch each, every room's clock running on its first pitch, each juror on one room's panel (juror
   * j on room j mod n), so that each judges that room's teams only.
   */
  rooms?: number;
}

/** The teams each juror judges, in the event's order (all of them without panels). */
export function teamsByJuror(data: PodiumData): string[][] {
  return data.event.jurors.map((juror) => {
    const assigned = assignedTeamIds(data.event, juror);
    return data.event.teams.filter((t) => !assigned || assigned.has(t.id)).map((t) => t.id);
  });
}

/** Spreads the teams over `count` rooms running at once, with a panel of jurors per room. */
function hackathonRooms(data: PodiumData, count: number): void {
  const rooms = Array.from({ length: count }, (_, i) => ({ id: `room-${i + 1}`, name: `Salle ${i + 1}` }));
  data.event.rooms = rooms;
  const { pitchMs, recapMs } = data.event.settings;
  const phases = [
    { name: 'Pitch', durationMs: pitchMs },
    { name: 'Questions', durationMs: recapMs },
  ];
  const sessions = data.event.agenda.filter((i) => i.kind === 'session');
  const pitches: AgendaItem[] = data.event.teams.map((team, i) => ({ id: `pitch-${team.id}`, kind: 'pitch', teamId: team.id, ...(i % count ? { roomId: rooms[i % count]!.id } : {}), phases }));
  data.event.agenda = [...sessions.slice(0, 1), ...pitches, ...sessions.slice(1)];
  data.event.jurors.forEach((juror, j) => (juror.assignedRooms = [rooms[j % count]!.id]));
  // Every room mid-pitch, its clock running for the hour.
  const now = Date.now();
  for (const room of rooms) {
    const live = liveOf(data, room.id);
    live.itemIndex = data.event.agenda.findIndex((item) => item.kind === 'pitch' && (item.roomId ?? rooms[0]!.id) === room.id);
    live.phaseIndex = 0;
    live.timer = { status: 'running', durationMs: pitchMs, endsAt: now + 3_600_000, remainingMs: 3_600_000 };
    live.itemLog[data.event.agenda[live.itemIndex]!.id] = { startedAt: now, endedAt: null };
  }
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
  if (size.rooms && size.rooms > 1) hackathonRooms(data, size.rooms);
  if (size.scored) {
    const at = data.event.settings.startsAt;
    const judged = teamsByJuror(data).map((ids) => new Set(ids));
    for (const [j, juror] of data.event.jurors.entries()) {
      for (const [t, team] of data.event.teams.entries()) {
        if (!judged[j]!.has(team.id)) continue;
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
