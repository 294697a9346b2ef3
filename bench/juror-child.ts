// Jurors on their phones: sockets that submit scores and time the acknowledgement.
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { serve } from './lib/rpc.ts';
import { machineNow } from './lib/stats.ts';

let jurors: Socket[] = [];
let organiser: Socket | null = null;
let teamIds: string[] = [];
/** Per juror, the teams they judge (their panel's); absent: every team. */
let judged: string[][] | null = null;
/** The rooms' projectors, open during the run (a hackathon's heats: each room's public state is made and sent). */
let screens: Socket[] = [];
let criterionIds: string[] = [];
let event = 'score:submit';
/** Above what an event seeded with scores already holds, so that every submission is a new revision. */
let firstRevision = 1;
const revisions = new Map<string, number>();

function open(url: string, token: string, firstEvent: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token }, timeout: 20_000 });
    socket.once('connect_error', reject);
    if (firstEvent === 'connect') socket.once('connect', () => resolve(socket));
    else socket.once(firstEvent, () => resolve(socket));
  });
}

/** A room's projector: a public socket of that room, which follows its patches (it only needs to receive them). */
function openPublic(url: string, room: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { view: 'screen', room }, timeout: 20_000 });
    socket.once('connect_error', reject);
    socket.once('state:public', () => resolve(socket));
  });
}

/** One score with fresh marks, so the ranking really moves; returns when it was sent and acknowledged. */
async function submit(juror: number, team: number): Promise<{ sentAt: number; ackAt: number }> {
  const own = judged?.[juror] ?? teamIds;
  const teamId = own[team % own.length]!;
  const key = `${juror}:${teamId}`;
  const revision = (revisions.get(key) ?? firstRevision - 1) + 1;
  revisions.set(key, revision);
  const marks = Object.fromEntries(criterionIds.map((c) => [c, 1 + Math.floor(Math.random() * 10)]));
  const payload = { opId: randomBytes(9).toString('base64url'), teamId, revision, marks, note: '' };
  const sentAt = machineNow();
  const result = (await jurors[juror]!.timeout(120_000).emitWithAck(event, payload)) as { ok: boolean; error?: { message: string } };
  const ackAt = machineNow();
  if (!result.ok) throw new Error(`score refused: ${result.error?.message}`);
  return { sentAt, ackAt };
}

serve({
  connect: async (p: {
    url: string;
    tokens: string[];
    teamIds: string[];
    criterionIds: string[];
    bare?: boolean;
    organiserToken?: string;
    firstRevision?: number;
    teamsByJuror?: string[][];
    screenRooms?: string[];
  }) => {
    teamIds = p.teamIds;
    judged = p.teamsByJuror ?? null;
    firstRevision = p.firstRevision ?? 1;
    criterionIds = p.criterionIds;
    event = p.bare ? 'submit' : 'score:submit';
    // Ten phones at a time, as a room fills, rather than hundreds in the same instant.
    jurors = [];
    for (let i = 0; i < p.tokens.length; i += 10) {
      jurors.push(...(await Promise.all(p.tokens.slice(i, i + 10).map((t) => open(p.url, t, p.bare ? 'connect' : 'state:juror')))));
    }
    // The organiser's console is open during a real event, and receives every change too.
    if (p.organiserToken) organiser = await open(p.url, p.organiserToken, 'state:organiser');
    screens = await Promise.all((p.screenRooms ?? []).map((room) => openPublic(p.url, room)));
    return jurors.length;
  },
  submit: (p: { juror: number; team: number }) => submit(p.juror % jurors.length, p.team),
  /**
   * Every juror (or the first `jurors`) at once, each sending `perJuror` scores one after the other: the ack latencies.
   * `gapMs` paces each juror (a person scores a few teams a minute; the rate limit allows 20 events a second per link).
   */
  burst: async (p: { perJuror: number; jurors?: number; gapMs?: number }) => {
    const latencies: number[] = [];
    await Promise.all(
      jurors.slice(0, p.jurors ?? jurors.length).map(async (_, j) => {
        for (let k = 0; k < p.perJuror; k++) {
          const { sentAt, ackAt } = await submit(j, j + k);
          latencies.push(ackAt - sentAt);
          if (p.gapMs) await new Promise((r) => setTimeout(r, p.gapMs));
        }
      }),
    );
    return latencies;
  },
  close: () => {
    for (const s of [...jurors, ...screens]) s.disconnect();
    organiser?.disconnect();
    jurors = [];
    screens = [];
    return null;
  },
});
