// The control API: the stage crew's stream deck (Bitfocus Companion), the vision
// mixer's scripts (vMix) and any automation drive the show over plain HTTP, with
// the operator token (or the organiser's). Thin: each command names a show command
// (server/domain/show-commands.ts) that the console's socket runs too, through the
// same checks and audit; the answer is the show's state after it, or a refusal.
//
//   POST /api/v1/<command>   (and GET /api/v1/<command> for tools that only send GET)
//   GET  /api/v1/state       flat JSON;  /api/v1/state.txt or ?format=text: name: value lines
//   ?room=<room id> (or "room" in the body): the room a command drives or the state is of;
//   absent: the main room, the only one of a single-stage event.
import { clientAddress, type TrustProxy } from './client-address.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Payloads } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import { DomainError, refusal, type ErrorCode, type ResultError } from '../../protocol/result.ts';
import { describeIssues } from '../../protocol/issues.ts';
import { showState, showStateText, type ShowState } from '../../protocol/show-state.ts';
import { bearerToken, controlRole, type ControlRole, type FailedAttempts } from '../auth/tokens.ts';
import type { Clock } from '../domain/clock.ts';
import { publicState, timerAnchor } from '../domain/projection.ts';
import { isRoomCommand, type ShowCommand } from '../domain/show-commands.ts';
import { hasRoom, mainRoomId, roomAgenda } from '../../protocol/rooms.ts';
import { sendJson } from './reply.ts';

export interface ControlApiOptions {
  data: () => Readonly<PodiumData>;
  clock: Clock;
  organiserToken: () => string;
  failures?: FailedAttempts;
  /** Runs a show command as the console does (store change, audit under `actor`, broadcast). */
  run: (event: ShowCommand, payload: unknown, actor: ControlRole) => Promise<void>;
  /** Takes one request from the token's rate-limit bucket (shared with its sockets); the refusal when there is none. */
  limit?: (role: ControlRole, token: string) => DomainError | null;
  /** The reverse proxies whose X-Forwarded-For is believed (client-address.ts). */
  trustProxy?: TrustProxy | null;
}

type Params = Record<string, unknown>;

const flag = (v: unknown) => v === true || v === 1 || (typeof v === 'string' && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()));
/** Seconds from a query string or JSON (60 by default), to the timer's milliseconds; anything else fails the payload's schema. */
const millis = (v: unknown) => Math.round((v === undefined || v === '' ? 60 : Number(v)) * 1000);

/** Each command: its show command, and its payload from the request's parameters. */
const COMMANDS: Record<string, { event: ShowCommand; payload: (p: Params, data: Readonly<PodiumData>) => unknown }> = {
  start: { event: 'timer:start', payload: () => ({}) },
  // Start and resume are one command: the clock runs on from where it stands.
  resume: { event: 'timer:start', payload: () => ({}) },
  pause: { event: 'timer:pause', payload: () => ({}) },
  toggle: { event: 'timer:toggle', payload: () => ({}) },
  'restart-phase': { event: 'timer:restart-phase', payload: () => ({}) },
  next: { event: 'agenda:next', payload: () => ({}) },
  previous: { event: 'agenda:previous', payload: () => ({}) },
  'add-time': { event: 'timer:adjust', payload: (p) => ({ deltaMs: millis(p.seconds) }) },
  'remove-time': { event: 'timer:adjust', payload: (p) => ({ deltaMs: -millis(p.seconds) }) },
  jump: { event: 'agenda:jump', payload: (p, data) => ({ itemId: p.position !== undefined ? itemAt(data, p.position, p.room) : p.item }) },
  message: { event: 'stage:message', payload: (p) => ({ text: p.text, flash: flag(p.flash) }) },
  'clear-message': { event: 'stage:clear', payload: () => ({}) },
  visibility: { event: 'visibility:set', payload: (p) => ({ mode: p.mode }) },
  'reveal/next': { event: 'reveal:next', payload: () => ({}) },
  'reveal/previous': { event: 'reveal:previous', payload: () => ({}) },
  'reveal/restart': { event: 'reveal:restart', payload: () => ({}) },
};
export const CONTROL_COMMANDS = Object.keys(COMMANDS);

/** The id of the agenda item at a 1-based position of the room's run sheet (what a person counts on it). */
function itemAt(data: Readonly<PodiumData>, position: unknown, room: unknown): string {
  const n = Number(position);
  const items = roomAgenda(data.event, typeof room === 'string' && hasRoom(data.event, room) ? room : mainRoomId(data.event));
  const item = Number.isInteger(n) ? items[n - 1] : undefined;
  if (!item) throw new DomainError('not-found', 'error_api_no_such_position', { position: String(position), count: items.length });
  return item.id;
}

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  closed: 409,
  stale: 409,
  limit: 413,
  storage: 503,
  'rate-limited': 429,
  internal: 500,
};

const refuse = (res: ServerResponse, status: number, error: ResultError) => sendJson(res, status, { ok: false, error });

const MAX_BODY = 16_384;

/** The body's parameters: JSON or a form; nothing for an empty body. Null when it is neither, or too big. */
async function bodyParams(req: IncomingMessage): Promise<Params | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  if (/json/i.test(req.headers['content-type'] ?? '') || text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Params) : null;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** A room's show (absent: the main room's) as its projector has it, now. */
export function currentState(data: Readonly<PodiumData>, now: number, roomId?: string): ShowState {
  const d = data as PodiumData;
  return showState(publicState(d, now, 0, undefined, roomId), timerAnchor(d, now, 0, roomId), now);
}

/** Answers a request under /api/v1/; false when the path is not the control API's. */
export function controlApi(options: ControlApiOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> => {
    const name = path.slice('/api/v1/'.length);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST' }).end();
      return;
    }
    // Who is asking: the bearer header, or for a GET (a tool that cannot set headers) ?token=.
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null && method !== 'GET') return refuse(res, 400, refusal('bad-request', 'error_api_query_token_get_only'));
    const token = bearerToken(req) ?? queryToken;
    const address = clientAddress(req, options.trustProxy);
    const now = options.clock.now();
    const role = token ? controlRole(options.data(), options.organiserToken(), token) : null;
    if (!role || !token) {
      // Counted as the organiser check counts them: guessing is as slow here as anywhere.
      if (options.failures?.blocked(address, now)) return refuse(res, 429, refusal('rate-limited', 'error_too_many_failures'));
      options.failures?.record(address, now);
      return refuse(res, 401, refusal('forbidden', token ? 'error_api_token_wrong' : 'error_api_token_needed'));
    }
    const limited = options.limit?.(role, token);
    if (limited) return refuse(res, 429, limited.toResultError());

    if (name === 'state' || name === 'state.txt') {
      if (method !== 'GET') {
        res.writeHead(405, { Allow: 'GET' }).end();
        return;
      }
      const room = url.searchParams.get('room') ?? undefined;
      if (room !== undefined && !hasRoom(options.data().event, room)) return refuse(res, 404, refusal('not-found', 'error_rooms_no_such_room', { room }));
      const state = currentState(options.data(), now, room);
      const field = url.searchParams.get('field');
      if (field !== null) {
        if (!Object.hasOwn(state, field)) return refuse(res, 404, refusal('not-found'));
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(String(state[field as keyof ShowState] ?? ''));
        return;
      }
      if (name === 'state.txt' || url.searchParams.get('format') === 'text') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(showStateText(state));
        return;
      }
      return sendJson(res, 200, state);
    }

    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) return refuse(res, 404, refusal('not-found', 'error_api_no_such_command', { command: name, commands: CONTROL_COMMANDS.join(', ') }));
    const body = method === 'POST' ? await bodyParams(req) : {};
    if (body === null) return refuse(res, 400, refusal('bad-request', 'error_api_bad_body'));
    const params: Params = { ...Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'token')), ...body };
    try {
      const payload = command.payload(params, options.data()) as Record<string, unknown>;
      // A room command runs in the room asked for (absent: the main room); the event-wide ones take none.
      if (params.room !== undefined && isRoomCommand(command.event)) payload.room = params.room;
      const parsed = Payloads[command.event].safeParse(payload);
      if (!parsed.success) {
        return refuse(res, 400, refusal('bad-request', 'error_invalid_request', { action: name, details: describeIssues(parsed.error) }));
      }
      await options.run(command.event, parsed.data, role);
      const room = (parsed.data as { room?: string }).room;
      sendJson(res, 200, { ok: true, state: currentState(options.data(), options.clock.now(), room) });
    } catch (e) {
      if (e instanceof DomainError) return refuse(res, STATUS[e.code], e.toResultError());
      console.error(`podium: control API ${name} failed:`, e);
      refuse(res, 500, refusal('internal'));
    }
  };
}
