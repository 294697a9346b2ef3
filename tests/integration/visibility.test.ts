import { describe, expect, it } from 'vitest';
import type { JurorState, OrganiserState, PublicState } from '../../protocol/views.ts';
import { emitRaw, nextEvent, type TestApp, type TestSocket } from '../helpers/app.ts';
import { marks, roomsClosedAfterEach } from '../helpers/room.ts';

const room = roomsClosedAfterEach();

/** Every message a socket receives, whatever its name, as [event, payload]. */
function record(socket: TestSocket): [string, unknown][] {
  const seen: [string, unknown][] = [];
  socket.onAny((event: string, ...args: unknown[]) => seen.push([event, args[0]]));
  return seen;
}

/** Keys that would carry rankings or scores, anywhere in a message, with a value that is not null. */
const RANKING_KEYS = new Set(['leaderboard', 'reveal', 'scores', 'score', 'marks', 'rank', 'overall', 'byCategory', 'jurorCount', 'places', 'frozenBoard', 'note']);
function rankingData(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(RANKING_KEYS.has(k) && v !== null ? [`${path}.${k}`] : []),
    ...rankingData(v, `${path}.${k}`),
  ]);
}

let op = 0;
async function give(t: TestApp, socket: TestSocket, teamIndex: number, mark: number, revision = 1) {
  const teamId = t.data().event.teams[teamIndex]!.id;
  const ack = await emitRaw(socket, 'score:submit', { opId: `op-${++op}-${Date.now()}`, teamId, revision, marks: marks(t.data(), mark), note: `note ${mark}` });
  expect(ack).toMatchObject({ ok: true });
}

/** Waits until the organiser has seen `count` scores: every broadcast of that change has been sent by then. */
const organiserSees = (org: TestSocket, count: number) =>
  nextEvent<OrganiserState>(org, 'state:organiser', (s) => Object.keys(s.data.scores).length >= count);

describe('what the room may see of the rankings', () => {
  it('hidden: screen and audience receive no ranking or score data at all while jurors score', async () => {
    const { t, org, jurors, scr, audience } = await room();
    const seenByScreen = record(scr.socket);
    const seenByAudience = record(audience.socket);
    const seenByJuror = record(jurors[1]!.socket);
    const scored = organiserSees(org.socket, 4);
    await give(t, jurors[0]!.socket, 0, 9);
    await give(t, jurors[0]!.socket, 1, 3);
    await give(t, jurors[1]!.socket, 0, 8);
    await give(t, jurors[1]!.socket, 1, 4);
    await scored;
    // Make the public views receive fresh states too, so the check below looks at real traffic.
    const messaged = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.message?.text === 'Deliberation');
    const audienceMessaged = nextEvent<PublicState>(audience.socket, 'state:public', (s) => s.message?.text === 'Deliberation');
    expect(await emitRaw(org.socket, 'stage:message', { text: 'Deliberation', flash: false })).toMatchObject({ ok: true });
    await Promise.all([messaged, audienceMessaged]);

    for (const seen of [seenByScreen, seenByAudience]) {
      expect(seen.length).toBeGreaterThan(0);
      for (const [event, payload] of seen) expect(rankingData(payload), event).toEqual([]);
      const text = JSON.stringify(seen);
      expect(text).not.toContain('note 9');
    }
    // A juror sees their own scores and no ranking, whole view or update (an update carries only what changed).
    const jurorMessages = seenByJuror.filter(([e]) => e === 'state:juror' || e === 'juror:scores' || e === 'juror:patch').map(([, s]) => s as Partial<JurorState>);
    expect(jurorMessages.length).toBeGreaterThan(0);
    for (const s of jurorMessages) {
      expect(s).not.toHaveProperty('leaderboard');
      expect((s.scores ?? []).every((x) => x.jurorId === t.data().event.jurors[1]!.id)).toBe(true);
    }
  });

  it('live: the leaderboard moves as scores arrive in the room, and never reaches a juror’s phone', async () => {
    const { t, org, jurors, scr } = await room();
    const seenByJuror = record(jurors[1]!.socket);
    const shown = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.leaderboard !== null);
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
    expect((await shown).leaderboard!.overall.every((r) => r.score === null)).toBe(true);
    const teamId = t.data().event.teams[2]!.id;
    const moved = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.leaderboard?.overall[0]?.teamId === teamId);
    await give(t, jurors[0]!.socket, 2, 7);
    const top = (await moved).leaderboard!.overall[0]!;
    expect(top).toMatchObject({ teamId, score: 7, jurorCount: 1, provisional: true });
    // Whatever the server sent the other juror before this answer has arrived (one socket keeps its order).
    expect(await emitRaw(jurors[1]!.socket, 'clock:ping', {})).toMatchObject({ ok: true });
    // Their whole view came when the rankings went live: without a board, as every message since.
    expect(seenByJuror.some(([e]) => e === 'state:juror')).toBe(true);
    for (const [event, payload] of seenByJuror) expect(rankingData(payload).filter((p) => !p.startsWith('$.scores')), event).toEqual([]);
  });

  it('frozen: the snapshot stays on screen while scores go on behind it', async () => {
    const { t, org, jurors, scr } = await room();
    await give(t, jurors[0]!.socket, 0, 6);
    const frozen = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.visibility.mode === 'frozen');
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'frozen' })).toMatchObject({ ok: true });
    const snapshot = (await frozen).leaderboard!;
    expect(snapshot.overall[0]).toMatchObject({ teamId: t.data().event.teams[0]!.id, score: 6 });

    const seen = record(scr.socket);
    const scored = organiserSees(org.socket, 3);
    await give(t, jurors[0]!.socket, 3, 10);
    await give(t, jurors[1]!.socket, 3, 10);
    const organiserBoard = (await scored).leaderboard;
    expect(organiserBoard.overall[0]!.teamId).toBe(t.data().event.teams[3]!.id);
    const messaged = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.message !== null);
    expect(await emitRaw(org.socket, 'stage:message', { text: 'Still frozen', flash: false })).toMatchObject({ ok: true });
    await messaged;
    for (const [event, payload] of seen) {
      if (event === 'state:public') expect((payload as PublicState).leaderboard).toEqual(snapshot);
    }
  });

  it('reveal: places from last to first, the place before its team, which is not sent until shown', async () => {
    const { t, org, jurors, scr } = await room();
    // Listening before the scores are given: the console's update may come before the last ack is read.
    const scored = organiserSees(org.socket, 3);
    await give(t, jurors[0]!.socket, 0, 9);
    await give(t, jurors[0]!.socket, 1, 7);
    await give(t, jurors[0]!.socket, 2, 5);
    await scored;
    const started = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.visibility.mode === 'reveal');
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'reveal' })).toMatchObject({ ok: true });
    const first = await started;
    expect(first.leaderboard).toBeNull();
    expect(first.reveal).toMatchObject({ step: 0, total: 6, places: [] });

    const teams = t.data().event.teams;
    const seen = record(scr.socket);
    const steps: string[] = [];
    for (let step = 1; step <= 6; step++) {
      const next = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.reveal?.step === step);
      expect(await emitRaw(org.socket, 'reveal:next', {})).toMatchObject({ ok: true });
      const place = (await next).reveal!.places.at(-1)!;
      steps.push(place.teamHidden ? `${place.rank}: ?` : `${place.rank}: ${teams.find((x) => x.id === place.rows[0]!.teamId)!.name}`);
      // The team list is public; which team holds the hidden place is not.
      if (step === 1) expect(JSON.stringify(seen.map(([, s]) => (s as PublicState).reveal))).not.toContain(teams[2]!.id);
    }
    expect(steps).toEqual(['3: ?', '3: LoopLab', '2: ?', '2: Tide Turners', '1: ?', '1: ecopals']);
    expect(await emitRaw(org.socket, 'reveal:next', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const back = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.reveal?.step === 5);
    expect(await emitRaw(org.socket, 'reveal:previous', {})).toMatchObject({ ok: true });
    expect((await back).reveal!.places.at(-1)).toMatchObject({ rank: 1, teamHidden: true, rows: [] });
    const restarted = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.reveal?.step === 0);
    expect(await emitRaw(org.socket, 'reveal:restart', {})).toMatchObject({ ok: true });
    expect((await restarted).reveal!.places).toEqual([]);
  });

  it('only the organiser may change visibility or step the reveal', async () => {
    const { t, jurors, scr } = await room();
    for (const socket of [jurors[0]!.socket, scr.socket]) {
      for (const [event, payload] of [
        ['visibility:set', { mode: 'live' }],
        ['leaderboard:focus', { focus: null }],
        ['reveal:next', {}],
      ] as const) {
        expect(await emitRaw(socket, event, payload)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    expect(t.data().visibility.mode).toBe('hidden');
  });
});
