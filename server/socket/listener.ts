// One wrapper for every client event: role check, zod validation, the handler,
// and exactly one acknowledgement, whatever happens. No throw escapes a handler.
import { z } from 'zod';
import {
  AllowedRoles,
  Payloads,
  type EventName,
  type Payload,
  type AckOf,
} from '../../protocol/events.ts';
import { issueDetails } from '../../protocol/issues.ts';
import { DomainError, refusal, type Result } from '../../protocol/result.ts';
import type { PodiumSocket } from '../types/socket.ts';

export type Handler<E extends EventName> = (payload: Payload<E>, socket: PodiumSocket) => Promise<AckOf<E>> | AckOf<E>;

function toFailure(e: unknown, event: string): Result<never> {
  if (e instanceof DomainError) return { ok: false, error: e.toResultError() };
  console.error(`podium: ${event} failed:`, e);
  return { ok: false, error: refusal('internal') };
}

export type Gate = (socket: PodiumSocket, event: EventName) => DomainError | null;

/** A gate's refusals are few and made once (rate-limit.ts): so is what they answer, not once per refused event of a flood. */
const answers = new WeakMap<DomainError, Result<never>>();
const answerOf = (refused: DomainError): Result<never> => {
  let answer = answers.get(refused);
  if (!answer) answers.set(refused, (answer = { ok: false, error: refused.toResultError() }));
  return answer;
};

/**
 * Answers one event of `socket` with `handler`: the gate, the role, the payload's schema, then the
 * handler, and exactly one acknowledgement. Shared by `listen` (a listener per event) and
 * `dispatch` (one middleware per socket for a table of handlers).
 */
async function answer<E extends EventName>(socket: PodiumSocket, event: E, args: unknown[], handler: Handler<E>, gate?: Gate): Promise<void> {
  const ack = args[args.length - 1];
  // Charged first: a flood sent without acks costs its sender like any other.
  const refused = gate?.(socket, event);
  if (typeof ack !== 'function') return; // nobody to answer; nothing is done without an ack
  const reply = ack as (r: Result<unknown>) => void;
  if (refused) {
    // A socket the gate has just closed is not answered.
    if (socket.connected) reply(answerOf(refused));
    return;
  }
  if (!AllowedRoles[event].includes(socket.data.role)) {
    return reply({ ok: false, error: refusal('forbidden', 'error_role_forbidden', { role: socket.data.role, action: event }) });
  }
  if (args.length !== 2) {
    return reply({ ok: false, error: refusal('bad-request', 'error_one_payload', { action: event }) });
  }
  const parsed = (Payloads[event] as z.ZodType).safeParse(args[0]);
  if (!parsed.success) {
    // Each issue names its field and what is wrong, said in the page's language (params.details: in English, for logs).
    return reply({ ok: false, error: refusal('bad-request', 'error_invalid_request', { action: event }, { param: 'details', join: 'list', items: issueDetails(parsed.error) }) });
  }
  try {
    const data = await handler(parsed.data as Payload<E>, socket);
    reply({ ok: true, data: data ?? null });
  } catch (e) {
    reply(toFailure(e, event));
  }
}

/**
 * Listens for `event` on `socket` when its role may send it; a role that may not is not listened
 * for at all (a listener per event per socket is most of an audience socket's memory), and is
 * answered `forbidden` by `refuseForbidden` instead.
 */
export function listen<E extends EventName>(socket: PodiumSocket, event: E, handler: Handler<E>, gate?: Gate): void {
  if (!AllowedRoles[event].includes(socket.data.role)) return;
  // Socket.IO's typed `on` cannot see through the generic E, hence the loose signature here.
  (socket as unknown as { on: (e: string, fn: (...args: unknown[]) => void) => void }).on(event, (...args: unknown[]) => void answer(socket, event, args, handler, gate));
}

/** Handlers made once and shared by every socket they serve (each gets the socket as an argument). */
export type HandlerTable = { readonly [E in EventName]?: Handler<E> };

const UNKNOWN: Result<never> = { ok: false, error: { code: 'bad-request', message: 'Unknown event.' } };

/**
 * Every event of `socket` answered from `table`, with one middleware and no listener per event:
 * what an audience socket holds beyond a bare Socket.IO socket is this one closure. An event of
 * the protocol this role may not send is refused `forbidden` (and charged); one outside the
 * protocol is charged and answered `Unknown event.`; an event of the protocol the table has no
 * handler for is answered the same way.
 */
export function dispatch(socket: PodiumSocket, table: HandlerTable, gate?: Gate): void {
  socket.use((packet) => {
    const [event, ...args] = packet as [string, ...unknown[]];
    if (refuseForbidden(socket, event, args, gate)) return;
    const handler = Object.hasOwn(table, event) ? (table[event as EventName] as Handler<EventName> | undefined) : undefined;
    if (handler) return void answer(socket, event as EventName, args, handler, gate);
    refuseUnknown(socket, event, args, gate);
  });
}

/**
 * For a `socket.use` middleware: an event nobody listens for (outside the protocol, or one this
 * socket has no handler for) still costs its sender like any other, and is answered `Unknown
 * event.`, or the gate's refusal, if it asks for an answer.
 */
export function refuseUnknown(socket: PodiumSocket, event: string, args: unknown[], gate?: Gate): void {
  const refused = gate?.(socket, event as EventName);
  const ack = args[args.length - 1];
  if (typeof ack === 'function') (ack as (r: Result<never>) => void)(refused ? answerOf(refused) : UNKNOWN);
}

/**
 * For a `socket.use` middleware: an event of the protocol this socket's role may not send is
 * charged like any other and answered `forbidden`, as `listen` would. True when it answered.
 */
export function refuseForbidden(socket: PodiumSocket, event: string, args: unknown[], gate?: Gate): boolean {
  if (!Object.hasOwn(Payloads, event) || AllowedRoles[event as EventName].includes(socket.data.role)) return false;
  const refused = gate?.(socket, event as EventName);
  const ack = args[args.length - 1];
  if (typeof ack !== 'function') return true;
  const reply = ack as (r: Result<unknown>) => void;
  reply({ ok: false, error: refused ? refused.toResultError() : refusal('forbidden', 'error_role_forbidden', { role: socket.data.role, action: event }) });
  return true;
}
