// Translates client events into domain calls on the store, then tells the
// broadcaster what changed. Nothing here decides anything.
import type { AckOf, EventName, Payload } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import * as agenda from '../domain/agenda.ts';
import { audited, type Actor } from '../domain/audit.ts';
import { demoEvent } from '../domain/demo-event.ts';
import * as builder from '../domain/event-builder.ts';
import { assignJurors } from '../domain/assignments.ts';
import { blankEvent, startNewEvent } from '../domain/new-event.ts';
import * as scoring from '../domain/scoring.ts';
import * as expo from '../domain/expo.ts';
import { importTeams, parseTeamsCsv } from '../domain/team-import.ts';
import { newOperatorToken, revokeOperatorToken } from '../domain/operator.ts';
import { isRoomCommand, showCommands, type ShowCommand } from '../domain/show-commands.ts';
import * as roomBuilder from '../domain/rooms.ts';
import * as rounds from '../domain/rounds.ts';
import { teamRooms } from '../../protocol/rooms.ts';
import * as votes from '../domain/votes.ts';
import type { Clock } from '../domain/clock.ts';
import type { Store } from '../store/index.ts';
import type { Broadcasts, Change, PodiumServer, PodiumSocket } from '../types/socket.ts';
import { listen, type Gate, type HandlerTable } from './listener.ts';
import { rooms } from './rooms.ts';

export interface HandlerContext {
  io: PodiumServer;
  store: Store;
  clock: Clock;
  broadcaster: Broadcasts;
  /** Writes a backup of the whole current state before it is replaced; resolves with the file's path. */
  backup: (now: number) => Promise<string>;
  gate?: Gate;
  /** Why this socket's person may no longer change anything (cut off for flooding); asked again when the change applies. */
  refusal?: (socket: PodiumSocket) => DomainError | null;
}

/** What running a command needs: the store, the time, and whom to tell. */
export type CommandContext = Pick<HandlerContext, 'store' | 'clock' | 'broadcaster'>;

/**
 * Runs one command for whoever sent it (the console's socket, the control API's
 * HTTP request): checks and changes the state in one store change, audited under
 * `actor`, waits for the disk, then tells the broadcaster. `admitted` throws when
 * the sender was cut off between sending and this change.
 */
export async function runCommand<E extends EventName, T>(
  ctx: CommandContext,
  event: E,
  payload: Payload<E>,
  fn: (data: PodiumData, payload: Payload<E>, now: number) => T,
  options: { actor?: Actor; admitted?: () => void; change?: Change } = {},
): Promise<T> {
  const result = await ctx.store.mutate((data) => {
    options.admitted?.();
    const now = ctx.clock.now();
    return audited(data, event, payload, now, () => fn(data, payload, now), options.actor);
  });
  ctx.broadcaster.changed(options.change ?? { kind: 'everything' });
  return result;
}

/** A show command (server/domain/show-commands.ts), as the console's socket and the control API both run it. */
export const runShowCommand = <E extends ShowCommand>(ctx: CommandContext, event: E, payload: Payload<E>, options: { actor?: Actor; admitted?: () => void } = {}) =>
  runCommand(ctx, event, payload, showCommands[event], options);

/** Tells these jurors' phones (or every juror's) what they now see of the expo queue. */
export function pushExpo(ctx: Pick<HandlerContext, 'io' | 'store' | 'clock'>, jurorIds: readonly string[] | 'all'): void {
  const data = ctx.store.data;
  const now = ctx.clock.now();
  for (const id of new Set(jurorIds === 'all' ? data.event.jurors.map((j) => j.id) : jurorIds)) {
    ctx.io.to(rooms.juror(id)).emit('expo:juror', expo.expoJurorView(data, id, now));
  }
}

/** The answer to a page's clock ping: the server's time. */
export const clockPing = (clock: Clock) => (): AckOf<'clock:ping'> => ({ serverNow: clock.now() });

/** An audience phone: its device pass (the signed cookie of its handshake) is who it is. */
function voter(s: PodiumSocket): votes.Voter {
  const deviceId = s.data.deviceId;
  if (!deviceId) throw new DomainError('forbidden', 'error_vote_no_device');
  return { deviceId, address: s.handshake.address };
}

/**
 * What a public page (audience, projector, stage monitor, overlay) may send, made once per server
 * and shared by every public socket (listener.ts `dispatch`): an audience socket holds no closure
 * of its own beyond the one middleware.
 */
export function publicHandlers(ctx: Pick<HandlerContext, 'store' | 'clock' | 'broadcaster' | 'refusal'>): HandlerTable {
  const { store, clock, broadcaster } = ctx;
  return {
    'clock:ping': clockPing(clock),
    // A page of the room missed a patch of the public state.
    'public:snapshot': (_p, s) => {
      broadcaster.sendSnapshot(s);
      return null;
    },
    'vote:cast': async (payload, s) => {
      const who = voter(s);
      // Acknowledged once on disk, like a score: an acknowledged vote survives a crash.
      const { ballot, applied } = await store.mutate((d) => {
        // Refused if the phone was cut off for flooding after its vote arrived.
        const refused = ctx.refusal?.(s);
        if (refused) throw refused;
        return votes.castVote(d, who, payload, clock.now());
      }, [] /* the ballot and the ticket (always followed), and no other section */);
      if (applied) broadcaster.changed({ kind: 'vote' });
      return { teamId: ballot.teamId, revision: ballot.revision };
    },
    'vote:mine': (payload, s) => {
      const ballot = votes.ballotOf(store.data, voter(s), payload.ticket);
      return ballot ? { teamId: ballot.teamId, revision: ballot.revision } : null;
    },
  };
}

/** What the organiser, jurors and room hosts may send: listened for on each of their sockets (a public socket gets `publicHandlers`). */
export function registerHandlers(socket: PodiumSocket, ctx: HandlerContext): void {
  const { store, clock, broadcaster } = ctx;
  /** Refuses a change whose sender was cut off after it arrived and before it applied. */
  const stillAdmitted = () => {
    const refused = ctx.refusal?.(socket);
    if (refused) throw refused;
  };

  /**
   * A room host sends commands for their own room only (issue 17): a room command without a room
   * is theirs, one naming another room is refused before anything changes, and the audit says who.
   */
  const hostRoom = socket.data.role === 'host' ? (socket.data.roomId ?? null) : null;
  const actor: Actor | undefined = hostRoom === null ? undefined : `host:${hostRoom}`;
  const scoped = <E extends EventName>(event: E, payload: Payload<E>): Payload<E> => {
    if (hostRoom === null) return payload;
    if (!isRoomCommand(event)) throw new DomainError('forbidden', 'error_rooms_host_forbidden');
    const room = (payload as { room?: string }).room ?? hostRoom;
    if (room !== hostRoom) throw new DomainError('forbidden', 'error_rooms_host_other_room');
    return { ...payload, room };
  };

  /** An organiser command: change the state with `fn`, wait for the disk, then broadcast. */
  const command = <E extends EventName>(
    event: E,
    fn: (data: PodiumData, payload: Payload<E>, now: number) => AckOf<E> | void,
    change: Change = { kind: 'everything' },
  ) =>
    listen(
      socket,
      event,
      async (payload) => ((await runCommand(ctx, event, scoped(event, payload), fn, { admitted: stillAdmitted, change, actor })) ?? null) as AckOf<E>,
      ctx.gate,
    );

  listen(socket, 'clock:ping', clockPing(clock), ctx.gate);
  // A console that missed an organiser patch: its whole view again. Who may ask is the role's (AllowedRoles).
  const snapshot = (_p: unknown, s: PodiumSocket) => {
    broadcaster.sendSnapshot(s);
    return null;
  };
  listen(socket, 'organiser:snapshot', snapshot, ctx.gate);

  command('settings:update', (d, p) => builder.updateSettings(d, p));
  command('category:save', (d, p) => ({ id: builder.saveCategory(d, p) }));
  command('category:remove', (d, p) => builder.removeCategory(d, p.id));
  command('category:move', (d, p) => builder.move(d, 'categories', p.id, p.toIndex));
  command('criterion:save', (d, p) => ({ id: builder.saveCriterion(d, p) }));
  command('criterion:remove', (d, p) => builder.removeCriterion(d, p.id));
  command('criterion:move', (d, p) => builder.move(d, 'criteria', p.id, p.toIndex));
  command('team:save', (d, p) => ({ id: builder.saveTeam(d, p) }));
  command('team:remove', (d, p) => builder.removeTeam(d, p.id));
  command('team:move', (d, p) => builder.move(d, 'teams', p.id, p.toIndex));
  command('team:import-csv', (d, p) => importTeams(d, parseTeamsCsv(p.csv)));
  command('juror:save', (d, p, now) => ({ id: builder.saveJuror(d, p, now) }));
  listen(
    socket,
    'juror:remove',
    async ({ id }) => {
      await store.mutate((d) => audited(d, 'juror:remove', { id }, clock.now(), () => builder.removeJuror(d, id)));
      // A removed juror's open page must not keep a live connection.
      ctx.io.in(rooms.juror(id)).disconnectSockets(true);
      broadcaster.changed({ kind: 'everything' });
      return null;
    },
    ctx.gate,
  );
  command('juror:move', (d, p) => builder.move(d, 'jurors', p.id, p.toIndex));
  command('juror:set-conflict', (d, p, now) => builder.setConflict(d, p.jurorId, p.teamId, p.conflict, now));
  command('juror:assign', (d, p) => assignJurors(d, p));
  listen(
    socket,
    'juror:reissue-link',
    async ({ id }) => {
      const token = await store.mutate((d) => audited(d, 'juror:reissue-link', { id }, clock.now(), () => builder.reissueJurorLink(d, id)));
      // The old link stops working at once, open pages included.
      ctx.io.in(rooms.juror(id)).disconnectSockets(true);
      broadcaster.changed({ kind: 'organiser' });
      return { token };
    },
    ctx.gate,
  );
  command('agenda:save', (d, p) => ({ id: builder.saveAgendaItem(d, p) }));
  command('agenda:remove', (d, p) => builder.removeAgendaItem(d, p.id));
  command('agenda:move', (d, p) => builder.move(d, 'agenda', p.id, p.toIndex));
  command('agenda:add-pitches', (d, p) => ({ added: builder.addMissingPitches(d, p.roomId) }));
  listen(
    socket,
    'event:new',
    async ({ from }) => {
      const now = clock.now();
      // The new event speaks the language, and keeps the time zone, of the one it replaces.
      const { language, timeZone } = store.data.event.settings;
      const event = from === 'demo' ? demoEvent(new Date(now), { language, timeZone }) : blankEvent(new Date(now), { language, timeZone });
      // The backup holds everything that is replaced; the replace follows at once, with no await in between.
      const backup = await ctx.backup(now);
      const jurors = store.data.event.jurors.map((j) => j.id);
      await store.mutate((d) => {
        stillAdmitted();
        startNewEvent(d, event, from, backup, now);
      });
      // New event, new jurors: the old links stop working, open pages included.
      for (const id of jurors) ctx.io.in(rooms.juror(id)).disconnectSockets(true);
      broadcaster.changed({ kind: 'everything' });
      return { backup };
    },
    ctx.gate,
  );

  // The show's commands: one table, shared with the control API (server/http/control-api.ts).
  command('timer:start', showCommands['timer:start']);
  command('timer:pause', showCommands['timer:pause']);
  command('timer:toggle', showCommands['timer:toggle']);
  command('timer:adjust', showCommands['timer:adjust']);
  command('timer:restart-phase', showCommands['timer:restart-phase']);
  command('agenda:next', showCommands['agenda:next']);
  command('agenda:previous', showCommands['agenda:previous']);
  command('agenda:jump', showCommands['agenda:jump']);
  command('stage:message', showCommands['stage:message']);
  command('stage:clear', showCommands['stage:clear']);

  // A juror's page is open: the op-id index their scores need is built now, not in their first acknowledgement.
  if (socket.data.role === 'juror') scoring.indexAppliedOps(store.data);
  listen(
    socket,
    'score:submit',
    async (payload, s) => {
      const jurorId = s.data.jurorId;
      if (!jurorId) throw new DomainError('forbidden', 'error_only_jurors_score');
      const { score, applied } = await store.mutate((d) => {
        stillAdmitted();
        const now = clock.now();
        const submitted = scoring.submitScore(d, jurorId, payload, now);
        // In an expo round the visit counts in the same change as the score: one durable ack for both.
        if (submitted.applied) expo.expoScored(d, jurorId, payload.teamId, now);
        return submitted;
      }, ['expo'] /* besides the score, its op id and its audit entry (always followed), only the expo queue */);
      if (applied) broadcaster.changed({ kind: 'score', jurorId });
      return { teamId: score.teamId, revision: score.revision, opId: payload.opId };
    },
    ctx.gate,
  );
  /** A room host opens and closes the scoring of their room's teams, one team at a time. */
  const hostTeam = (d: PodiumData, teamId: string | null): void => {
    if (hostRoom === null) return;
    if (teamId === null || teamRooms(d.event).get(teamId) !== hostRoom) throw new DomainError('forbidden', 'error_rooms_host_other_room');
  };
  listen(
    socket,
    'scoring:open',
    async (p) => {
      await runCommand(ctx, 'scoring:open', p, (d, _p, now) => (hostTeam(d, p.teamId), scoring.openScoring(d, p.teamId, now, actor)), { admitted: stillAdmitted });
      return null;
    },
    ctx.gate,
  );
  listen(
    socket,
    'scoring:close',
    async (p) => {
      await runCommand(ctx, 'scoring:close', p, (d, _p, now) => (hostTeam(d, p.teamId), scoring.closeScoring(d, p.teamId, now, actor)), { admitted: stillAdmitted });
      return null;
    },
    ctx.gate,
  );

  command('visibility:set', showCommands['visibility:set']);
  command('leaderboard:focus', showCommands['leaderboard:focus']);
  command('reveal:next', showCommands['reveal:next']);
  command('reveal:previous', showCommands['reveal:previous']);
  command('reveal:restart', showCommands['reveal:restart']);

  // The operator token: only the console sees it (its state's data), so only the organiser's view changes.
  command('operator:new-token', (d) => ({ token: newOperatorToken(d) }), { kind: 'organiser' });
  command('operator:revoke-token', (d) => revokeOperatorToken(d), { kind: 'organiser' });
  // Rooms (issue 17). A removed room's pages and host lose their connection (a page that comes
  // back shows the main room); a host link replaced or revoked stops working at once.
  command('room:save', (d, p) => ({ id: roomBuilder.saveRoom(d, p) }));
  const dropRoom = (id: string, pages: boolean) => {
    ctx.io.in(rooms.host(id)).disconnectSockets(true);
    if (pages) ctx.io.in(rooms.show(id)).disconnectSockets(true);
  };
  listen(
    socket,
    'room:remove',
    async (p) => {
      await runCommand(ctx, 'room:remove', p, (d) => roomBuilder.removeRoom(d, p.id), { admitted: stillAdmitted });
      dropRoom(p.id, true);
      return null;
    },
    ctx.gate,
  );
  listen(
    socket,
    'room:new-host-token',
    async (p) => {
      const token = await runCommand(ctx, 'room:new-host-token', p, (d) => roomBuilder.newHostToken(d, p.roomId), { admitted: stillAdmitted, change: { kind: 'organiser' } });
      dropRoom(p.roomId, false);
      return { token };
    },
    ctx.gate,
  );
  listen(
    socket,
    'room:revoke-host-token',
    async (p) => {
      await runCommand(ctx, 'room:revoke-host-token', p, (d) => roomBuilder.revokeHostToken(d, p.roomId), { admitted: stillAdmitted, change: { kind: 'organiser' } });
      dropRoom(p.roomId, false);
      return null;
    },
    ctx.gate,
  );
  // Rounds (issue 17): the organiser's alone (a room host is refused before anything changes).
  command('round:save', (d, p) => ({ id: rounds.saveRound(d, p) }));
  command('round:remove', (d, p) => rounds.removeRound(d, p.id));
  command('round:move', (d, p) => rounds.moveRound(d, p.id, p.toIndex));
  command('round:close', (d, p, now) => {
    const { next } = rounds.closeRound(d, p, now);
    return { roundId: next.id, teamIds: [...(next.teamIds ?? [])] };
  });
  // The people's vote (issue 16). The organiser's commands are audited like the others.
  command('vote:open', (d, p, now) => votes.openVote(d, p.durationMs, now));
  command('vote:close', (d, _p, now) => votes.closeVote(d, now));
  command('vote:show', (d, p) => votes.showTally(d, p.shown));
  command('vote:settings', (d, p) => votes.updateVoteSettings(d, p));
  command('vote:tickets', (d, p) => ({ codes: votes.generateTickets(d, p.count) }), { kind: 'organiser' });
  // The expo round (issue 18): a juror's walk through the hall, the organiser's hall commands.
  const jurorOf = (s: PodiumSocket): string => {
    const id = s.data.jurorId;
    if (!id) throw new DomainError('forbidden', 'error_only_jurors_score');
    return id;
  };
  /** A juror's queue change: theirs in the acknowledgement, the console's hall view, the phones whose visit timed out meanwhile. */
  const jurorExpo = <E extends 'expo:next' | 'expo:skip' | 'expo:absent'>(event: E, fn: (d: PodiumData, jurorId: string, p: Payload<E>, now: number) => AckOf<E> | void) =>
    listen(
      socket,
      event,
      async (payload, s) => {
        const jurorId = jurorOf(s);
        const { answer, expired } = await store.mutate((d) => {
          stillAdmitted();
          const now = clock.now();
          const expired = expo.expireExpo(d, now);
          return { answer: fn(d, jurorId, payload, now), expired };
        });
        broadcaster.changed({ kind: 'organiser' });
        pushExpo(ctx, expired.filter((id) => id !== jurorId));
        return (answer ?? null) as AckOf<E>;
      },
      ctx.gate,
    );
  jurorExpo('expo:next', (d, jurorId, _p, now) => expo.expoNext(d, jurorId, now));
  jurorExpo('expo:skip', (d, jurorId, p, now) => expo.expoEnd(d, jurorId, p.teamId, 'skipped', now, p.reason));
  jurorExpo('expo:absent', (d, jurorId, p, now) => expo.expoEnd(d, jurorId, p.teamId, 'absent', now));
  command('expo:start', (d, _p, now) => void expo.expoStart(d, now));
  command('expo:restore', (d, p, now) => expo.expoRestore(d, p.teamId, now), { kind: 'organiser' });
  listen(
    socket,
    'expo:pause',
    async (p) => {
      await runCommand(ctx, 'expo:pause', p, (d, _p, now) => expo.expoPause(d, p.jurorId, p.paused, now), { admitted: stillAdmitted, change: { kind: 'organiser' } });
      pushExpo(ctx, [p.jurorId]);
      return null;
    },
    ctx.gate,
  );
  listen(
    socket,
    'expo:message',
    async (p) => {
      await runCommand(ctx, 'expo:message', p, (d, _p, now) => expo.expoMessage(d, p.text, now), { admitted: stillAdmitted, change: { kind: 'organiser' } });
      pushExpo(ctx, 'all');
      return null;
    },
    ctx.gate,
  );
  listen(
    socket,
    'expo:score-for',
    async (p) => {
      const { score } = await store.mutate((d) => {
        stillAdmitted();
        return expo.scoreFor(d, p, clock.now());
      });
      broadcaster.changed({ kind: 'score', jurorId: p.jurorId });
      return { teamId: score.teamId, revision: score.revision, opId: `paper-${score.revision}` };
    },
    ctx.gate,
  );
}
