// A real Podium on an ephemeral port, on a real data folder, with real sockets.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import type { Result } from '../../protocol/result.ts';
import type { HostState, JurorState, OrganiserState, PublicState } from '../../protocol/views.ts';
import { applyStatePatch } from '../../protocol/state-patch.ts';
import { applyJurorPatch, applyJurorScores } from '../../protocol/juror-patch.ts';
import { applyOrganiserPatch, patchFits } from '../../protocol/organiser-patch.ts';
import { createApp, type App, type AppOptions } from '../../server/app.ts';
import type { Clock } from '../../server/domain/clock.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestApp {
  app: App;
  store: Store;
  url: string;
  dir: string;
  organiserToken: string;
  data: () => Readonly<PodiumData>;
  close: () => Promise<void>;
}

export const distDir = process.env.PODIUM_DIST ?? resolve(import.meta.dirname, '../../dist');

export function tempDir(prefix = 'podium-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startApp(
  options: { dir?: string; seed?: () => PodiumData; clock?: Clock; heartbeatMs?: number; publicUrl?: string; rateLimit?: AppOptions['rateLimit'] } = {},
): Promise<TestApp> {
  const dir = options.dir ?? tempDir();
  const store = await Store.open({ dir, seed: options.seed ?? (() => demoData()) });
  const app = createApp({
    store,
    distDir,
    clock: options.clock,
    heartbeatMs: options.heartbeatMs,
    publicUrl: () => options.publicUrl ?? null,
    rateLimit: options.rateLimit,
  });
  const port = await app.listen(0, '127.0.0.1');
  const sockets: TestSocket[] = [];
  return {
    app,
    store,
    url: `http://127.0.0.1:${port}`,
    dir,
    organiserToken: app.organiserToken(),
    data: () => store.data,
    // The store too, as the server's shutdown does (server/index.ts): left open, its compaction ran
    // later, in another test file, on a folder a restarted store had rewritten or the test had removed,
    // and logged its failure there (session 11) or while vitest closed the worker (EnvironmentTeardownError).
    close: async () => {
      for (const s of sockets) s.disconnect();
      await app.close();
      await store.close();
    },
  };
}

export function socketFor(url: string, auth: { token?: string; view?: string; room?: string } = {}): TestSocket {
  return followPublic(connectClient(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false }) as TestSocket);
}

/**
 * Applies the room's public patches as the pages do (protocol/state-patch.ts) and hands each
 * resulting state to the socket's 'state:public' listeners, so a test waits for a public state
 * whether it came whole or as a patch. A patch that does not fit fails loudly: the room's
 * stream must have no gaps.
 */
export function followPublic(socket: TestSocket): TestSocket {
  let state: PublicState | null = null;
  socket.on('state:public', (s) => (state = s));
  socket.on('public:patch', (patch) => {
    // As the page does (live.svelte.ts): a patch to a version already held is ignored (a page
    // joining a fan-out node may be sent the version a patch in flight makes).
    if (!state || patch.rev <= (state.rev ?? -1)) return;
    const next = applyStatePatch(state, state.rev ?? -1, patch);
    if (!next) throw new Error(`public patch ${patch.base}→${patch.rev} does not fit version ${state.rev}`);
    for (const listener of socket.listeners('state:public')) (listener as (s: PublicState) => void)(next);
  });
  return socket;
}

/** Connects and resolves with the first state snapshot the role receives. */
export async function connectAs<S extends PublicState | JurorState | OrganiserState | HostState>(
  url: string,
  auth: { token?: string; view?: string; room?: string },
  event: 'state:public' | 'state:juror' | 'state:organiser' | 'state:host',
): Promise<{ socket: TestSocket; first: S }> {
  const socket = socketFor(url, auth);
  if (event === 'state:organiser') followOrganiser(socket);
  if (event === 'state:juror') followJuror(socket);
  const first = await new Promise<S>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5000);
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    (socket.once as (e: string, fn: (s: S) => void) => void)(event, (s) => {
      clearTimeout(timer);
      resolve(s);
    });
  });
  return { socket, first };
}

export const organiser = (t: TestApp) => connectAs<OrganiserState>(t.url, { token: t.organiserToken }, 'state:organiser');
export const juror = (t: TestApp, index = 0) =>
  connectAs<JurorState>(t.url, { token: t.data().event.jurors[index]!.token }, 'state:juror');
export const screen = (t: TestApp, view = 'screen') => connectAs<PublicState>(t.url, { view }, 'state:public');

/**
 * Applies the organiser's patches as the console does and hands each resulting state to the
 * socket's 'state:organiser' listeners, so a test waits for a state whether it came whole or
 * as a patch. A patch that does not fit fails loudly: the stream must have no gaps.
 */
export function followOrganiser(socket: TestSocket): void {
  let state: OrganiserState | null = null;
  socket.on('state:organiser', (s) => (state = s));
  socket.on('organiser:patch', (patch) => {
    if (!state) return;
    if (!patchFits(state, patch)) throw new Error(`organiser patch ${patch.base}→${patch.rev} does not fit revision ${state.rev}`);
    const next = applyOrganiserPatch(state, patch);
    for (const listener of socket.listeners('state:organiser')) (listener as (s: OrganiserState) => void)(next);
  });
}

/** As the juror's page does (protocol/juror-patch.ts): patches and scores updates applied, and listeners of 'state:juror' see the result. */
export function followJuror(socket: TestSocket): void {
  let state: JurorState | null = null;
  socket.on('state:juror', (s) => (state = s));
  socket.on('juror:scores', (u) => {
    if (!state) return;
    const next = applyJurorScores(state, u);
    if (next === state) return;
    for (const listener of socket.listeners('state:juror')) (listener as (s: JurorState) => void)(next);
  });
  socket.on('juror:patch', (patch) => {
    if (!state) return;
    // As the page does (live.svelte.ts).
    const next = applyJurorPatch(state, patch);
    if (next === state) return;
    for (const listener of socket.listeners('state:juror')) (listener as (s: JurorState) => void)(next);
  });
}

/** Resolves with the next value of `event` that satisfies `accept`. */
export function nextEvent<T>(socket: TestSocket, event: string, accept: (value: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      (socket.off as (e: string, fn: unknown) => void)(event, handler);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (value: T) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      (socket.off as (e: string, fn: unknown) => void)(event, handler);
      resolve(value);
    };
    (socket.on as (e: string, fn: (v: T) => void) => void)(event, handler);
  });
}

/** Imports an event file as the console does: POST /api/event-import with the organiser token. */
export async function importEventFile(url: string, token: string, json: string): Promise<Result & { status: number }> {
  const res = await fetch(`${url}/api/event-import`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: json });
  return { ...((await res.json()) as Result), status: res.status };
}

/** Emits with an ack and a timeout, untyped, for malformed payloads. */
export function emitRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return (socket.timeout(2000) as unknown as { emitWithAck: (e: string, ...a: unknown[]) => Promise<unknown> }).emitWithAck(event, ...args);
}
