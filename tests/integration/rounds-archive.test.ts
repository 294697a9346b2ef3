// Rounds at hackathon size (issue 17): 200 teams in 8 rooms, 60 jurors, every juror's score for
// every team (12,000). The organiser closes the heats with the final's pitching order set by hand:
// the final's agenda runs in that order and the audit says it. The heats' archive then stays on the
// server: a console's snapshot lists the closed round in counts, not its 12,000 scores, and gets
// its results when it asks (GET /api/round.json, the organiser's token only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFinalOrder } from '../../protocol/finalists.ts';
import type { PodiumData } from '../../protocol/model.ts';
import { leaderboard } from '../../protocol/ranking.ts';
import { roundView } from '../../protocol/rounds.ts';
import type { OrganiserState } from '../../protocol/views.ts';
import { emitRaw, organiser, startApp, type TestApp } from '../helpers/app.ts';
import { sizedData, sizedJurorToken } from '../helpers/sized-event.ts';

const HOST = 'room-host-token-of-room-2-0123456789abc';
const OPERATOR = 'operator-token-of-the-archive-test-0123456789';

function seed(): PodiumData {
  const d = sizedData(200, 60, { scored: true });
  // Team i gets the top mark from its first i mod 61 jurors, the lowest from the others: 61 levels, a few teams on each.
  d.event.teams.forEach((team, i) =>
    d.event.jurors.forEach((juror, j) => {
      d.scores[`${juror.id}:${team.id}`]!.marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, j < i % 61 ? c.max : c.min]));
    }),
  );
  d.event.rooms = Array.from({ length: 8 }, (_, i) => ({ id: `room-${i + 1}`, name: `Room ${i + 1}` }));
  let n = 0;
  for (const item of d.event.agenda) if (item.kind === 'pitch') item.roomId = `room-${(n++ % 8) + 1}`;
  d.event.rounds = [
    { id: 'heats', name: 'Heats', kind: 'stage' },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  d.event.settings.language = 'en';
  d.roomHostTokens = { 'room-2': HOST };
  d.operatorToken = OPERATOR;
  return d;
}

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ seed, rateLimit: false });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const get = (path: string, token?: string) => fetch(`${t.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

describe('the heats at 200 teams × 60 jurors, then a final in an order set by hand', () => {
  let heats: ReturnType<typeof leaderboard>['overall'];
  let order: string[];
  let archiveBytes = 0;

  it('closes the heats with the pitching order the organiser set: the final runs in it, and the audit says so', async () => {
    heats = leaderboard(t.data().event, Object.values(t.data().scores), 0, 'none').overall;
    // The top ten or so: the first cut from the tenth place on that no tie straddles.
    let n = 10;
    while (n < heats.length && heats[n]!.rank === heats[n - 1]!.rank) n++;
    const finalists = heats.slice(0, n).map((r) => r.teamId);
    const pitched = t.data().event.agenda.flatMap((i) => (i.kind === 'pitch' ? [i.teamId] : []));
    // Not the order they pitched in: the reverse of it, then the first two swapped.
    order = defaultFinalOrder(finalists, pitched).reverse();
    [order[0], order[1]] = [order[1]!, order[0]!];
    const org = await organiser(t);
    // Closing archives 12,000 scores in one durable change: on a loaded machine that takes longer than emitRaw’s 2 s.
    const ack = await org.socket.timeout(20_000).emitWithAck('round:close', { roundId: 'heats', choice: { rule: { kind: 'top', n }, ranking: 'raw', settled: {}, wildcards: [] }, order, keepPanels: false });
    expect(ack).toEqual({ ok: true, data: { roundId: 'final', teamIds: order } });
    org.socket.disconnect();

    const d = t.data();
    expect(d.event.agenda.flatMap((i) => (i.kind === 'pitch' ? [i.teamId] : []))).toEqual(order);
    const archive = d.roundArchives.heats!;
    expect(Object.keys(archive.scores)).toHaveLength(12_000);
    expect(archive.advanced).toEqual(order);
    archiveBytes = JSON.stringify(archive).length;
    const names = order.map((id) => `"${d.event.teams.find((x) => x.id === id)!.name}"`).join(', ');
    const entry = d.audit.find((e) => e.action === 'round:close')!;
    expect(entry.roundId).toBe('heats');
    expect(entry.detail).toContain(`Pitching order chosen: ${names}`);
  });

  it('refuses an order that is not the finalists’', async () => {
    // The final is the last round: add one after it, then try to close with one finalist missing.
    const org = await organiser(t);
    expect(await emitRaw(org.socket, 'round:save', { name: 'Grand final', kind: 'stage' })).toMatchObject({ ok: true });
    const choice = { rule: { kind: 'top', n: 2 }, ranking: 'raw', settled: {}, wildcards: [] };
    const ack = await emitRaw(org.socket, 'round:close', { roundId: 'final', choice, order: [order[0]!], keepPanels: false });
    expect(ack).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(t.data().event.currentRoundId).toBe('final');
    org.socket.disconnect();
  });

  it('sends a console the closed round in counts, not its archive', async () => {
    const org = await organiser(t);
    const state = org.first as OrganiserState;
    const bytes = JSON.stringify(state).length;
    console.log(`[rounds-archive] console snapshot ${bytes} bytes; the heats' archive alone ${archiveBytes} bytes`);
    expect(archiveBytes).toBeGreaterThan(1_000_000);
    expect(bytes).toBeLessThan(archiveBytes / 4);
    expect('roundArchives' in state.data).toBe(false);
    expect(state.closedRounds).toEqual([{ id: 'heats', name: 'Heats', closedAt: expect.any(Number), teams: 200, advanced: order.length, scores: 12_000 }]);
    org.socket.disconnect();
  });

  it('gives the organiser a closed round’s results when asked, ranked as the heats were', async () => {
    const res = await get('/api/round.json?round=heats', t.organiserToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { round: { id: string; name: string }; advanced: string[]; raw: typeof heats; normalised: typeof heats };
    expect(body.round).toMatchObject({ id: 'heats', name: 'Heats' });
    expect(body.advanced).toEqual(order);
    expect(body.raw.map((r) => [r.teamId, r.rank, r.score])).toEqual(heats.map((r) => [r.teamId, r.rank, r.score]));
    const view = roundView(t.data(), 'heats')!;
    const normalised = leaderboard(view.event, Object.values(view.scores), 0, 'z-score').overall;
    expect(body.normalised.map((r) => [r.teamId, r.rank])).toEqual(normalised.map((r) => [r.teamId, r.rank]));
    // The current round has no archive, nor does a round that does not exist.
    for (const round of ['final', 'nope', '']) expect((await get(`/api/round.json?round=${round}`, t.organiserToken)).status).toBe(404);
  });

  it('refuses a closed round’s results to a juror, a room host, the stage crew and anyone without a token', async () => {
    for (const token of [sizedJurorToken(0), HOST, OPERATOR, undefined, 'not-a-token-at-all-0123456789']) {
      const res = await get('/api/round.json?round=heats', token);
      expect([401, 403]).toContain(res.status);
      expect(await res.text()).not.toContain(t.data().event.teams[0]!.id);
    }
  });
});
