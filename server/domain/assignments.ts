// Jurors' assignments (issue 17): which rooms and teams each juror judges, set by hand for one
// juror or for all at once (an auto-assignment applied in one step, so one audit entry; applying
// the previous assignments again undoes it). What they mean is protocol/assignments.ts.
import type { Payload } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { roomsOf } from '../../protocol/rooms.ts';

/** Sets the listed jurors' assigned rooms and teams (empty: every team); the others keep theirs. All or nothing. */
export function assignJurors(data: PodiumData, input: Payload<'juror:assign'>): void {
  const event = data.event;
  const rooms = new Set(roomsOf(event).map((r) => r.id));
  const teams = new Map(event.teams.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const plan = input.assignments.map((a) => {
    const juror = event.jurors.find((j) => j.id === a.jurorId);
    if (!juror) throw new DomainError('not-found', 'error_removed_juror');
    if (seen.has(juror.id)) throw new DomainError('bad-request', 'error_panels_juror_twice', { juror: juror.name });
    seen.add(juror.id);
    if (a.rooms.some((r) => !rooms.has(r))) throw new DomainError('not-found', 'error_panels_no_such_room');
    for (const teamId of a.teams) {
      const team = teams.get(teamId);
      if (!team) throw new DomainError('not-found', 'error_removed_team');
      if (juror.conflicts.includes(teamId)) throw new DomainError('conflict', 'error_panels_assigned_conflict', { juror: juror.name, team: team.name });
    }
    const wanted = new Set(a.teams);
    return { juror, rooms: [...new Set(a.rooms)], teams: event.teams.filter((t) => wanted.has(t.id)).map((t) => t.id) };
  });
  for (const { juror, rooms, teams } of plan) {
    if (rooms.length) juror.assignedRooms = rooms;
    else delete juror.assignedRooms;
    if (teams.length) juror.assignedTeams = teams;
    else delete juror.assignedTeams;
  }
}
