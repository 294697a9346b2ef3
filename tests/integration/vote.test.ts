// The people's vote over real sockets (issue 16): one ballot per device, the last vote
// counting; refusals after closing, without a pass, with a forged one, with a used
// ticket; a copied pass is the same device; the room sees no tally until it is shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../protocol/result.ts';
import type { OrganiserState, PublicState } from '../../protocol/views.ts';
import { connectAs, emitRaw, nextEvent, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { devicePass, startVoteApp, voter } from '../helpers/vote.ts';

let t: TestApp;
let org: TestSocket;
let latest: OrganiserState;
const open: TestSocket[] = [];

beforeAll(async () => {
  t = await startApp();
  const o = await organiser(t);
  org = o.socket;
  latest = o.first;
  org.on('state:organiser', (s) => (latest = s));
});
afterAll(async () => {
  for (const s of open) s.disconnect();
  org?.disconnect();
  await t?.close();
});

const teams = () => t.data().event.teams;
const ask = (socket: TestSocket, event: string, payload: unknown) => emitRaw(socket, event, payload) as Promise<Result<unknown>>;
const command = async (event: string, payload: unknown = {}) => {
  const r = await ask(org, event, payload);
  expect(r, `${event}: ${JSON.stringify(r)}`).toMatchObject({ ok: true });
  return r;
};
const phone = async (cookie: string | null) => {
  const v = await voter(t.url, cookie);
  open.push(v.socket);
  return v;
};
const counted = (teamId: string) => latest.vote.tally.rows.find((r) => r.teamId === teamId)?.votes;

describe('the people’s vote', () => {
  it('counts one vote per device, the last one; a changed vote moves the count', async () => {
    await command('vote:open', { durationMs: null });
    const [a, b] = teams();
    const pass = await devicePass(t.url);
    const { socket } = await phone(pass);
    expect(await ask(socket, 'vote:cast', { teamId: a!.id, revision: 1 })).toEqual({ ok: true, data: { teamId: a!.id, revision: 1 } });
    expect(await ask(socket, 'vote:cast', { teamId: a!.id, revision: 2 })).toMatchObject({ ok: true });
    await expect.poll(() => counted(a!.id)).toBe(1);
    expect(latest.vote.tally.total).toBe(1);
    expect(await ask(socket, 'vote:cast', { teamId: b!.id, revision: 3 })).toEqual({ ok: true, data: { teamId: b!.id, revision: 3 } });
    await expect.poll(() => [counted(a!.id), counted(b!.id)]).toEqual([0, 1]);
    // A retry of an older vote, arriving late, is answered with the ballot that counts.
    expect(await ask(socket, 'vote:cast', { teamId: a!.id, revision: 2 })).toEqual({ ok: true, data: { teamId: b!.id, revision: 3 } });
    expect(await ask(socket, 'vote:mine', {})).toEqual({ ok: true, data: { teamId: b!.id, revision: 3 } });
    // The same phone after a reload (a new socket, the same cookie) is the same ballot.
    const again = await phone(pass);
    expect(await ask(again.socket, 'vote:mine', {})).toEqual({ ok: true, data: { teamId: b!.id, revision: 3 } });
  });

  it('refuses a phone without a pass, with a forged pass, and counts a copied pass once', async () => {
    const [a, , c] = teams();
    const before = Object.keys(t.data().ballots).length;
    const none = await phone(null);
    expect(await ask(none.socket, 'vote:cast', { teamId: a!.id, revision: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'error_vote_no_device' } });
    const real = await devicePass(t.url);
    const [name, value] = real.split('=') as [string, string];
    const [id, sig] = value.split('.') as [string, string];
    const forgeries = [
      `${name}=${id}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, // a changed signature
      `${name}=${'x'.repeat(21)}.${sig}`, // another id with a real signature
      `${name}=${id}`, // no signature
      `${name}=${id}.${'A'.repeat(sig.length)}`,
    ];
    for (const forged of forgeries) {
      const f = await phone(forged);
      expect(await ask(f.socket, 'vote:cast', { teamId: a!.id, revision: 1 }), forged).toMatchObject({ ok: false, error: { key: 'error_vote_no_device' } });
    }
    expect(Object.keys(t.data().ballots).length).toBe(before);
    // A pass copied to five scripts is still one phone: five votes, one ballot, the last.
    const copies = await Promise.all([1, 2, 3, 4, 5].map(() => phone(real)));
    for (const [i, copy] of copies.entries()) expect(await ask(copy.socket, 'vote:cast', { teamId: i % 2 ? a!.id : c!.id, revision: i + 1 })).toMatchObject({ ok: true });
    expect(Object.keys(t.data().ballots).length).toBe(before + 1);
    // Replaying an earlier vote message changes nothing.
    expect(await ask(copies[0]!.socket, 'vote:cast', { teamId: a!.id, revision: 1 })).toEqual({ ok: true, data: { teamId: c!.id, revision: 5 } });
  });

  it('refuses a vote after closing, and a vote for a team not in the event', async () => {
    const { socket } = await phone(await devicePass(t.url));
    expect(await ask(socket, 'vote:cast', { teamId: 'no-such-team', revision: 1 })).toMatchObject({ ok: false, error: { key: 'error_vote_unknown_team' } });
    await command('vote:close');
    const total = latest.vote.tally.total;
    expect(await ask(socket, 'vote:cast', { teamId: teams()[0]!.id, revision: 1 })).toMatchObject({ ok: false, error: { code: 'closed', key: 'error_vote_closed' } });
    await expect.poll(() => latest.data.peopleVote.status).toBe('closed');
    expect(latest.vote.tally.total).toBe(total);
    const actions = t.data().audit.map((e) => e.action);
    expect(actions).toContain('vote:open');
    expect(actions).toContain('vote:close');
    expect(t.data().audit.find((e) => e.action === 'vote:close')!.detail).toMatch(/people’s vote closed \(\d+ ballots\)/);
  });

  it('keeps the tally from the room until the organiser shows it: no message to the audience carries it', async () => {
    await command('vote:open', { durationMs: 600_000 });
    const received: [string, unknown][] = [];
    const audience = await phone(await devicePass(t.url));
    const screen = await connectAs<PublicState>(t.url, { view: 'screen' }, 'state:public');
    open.push(screen.socket);
    // Every message as it came (the whole state, or a patch of it), and every state the pages hold after it.
    for (const s of [audience.socket, screen.socket]) s.onAny((event: string, ...args: unknown[]) => received.push([event, args[0]]));
    const states: PublicState[] = [audience.first, screen.first];
    for (const s of [audience.socket, screen.socket]) s.on('state:public', (state: PublicState) => states.push(state));
    received.push(['state:public', audience.first], ['state:public', screen.first]);
    // Votes from several phones, while hidden.
    for (let i = 0; i < 6; i++) {
      const p = await phone(await devicePass(t.url));
      expect(await ask(p.socket, 'vote:cast', { teamId: teams()[i % 2]!.id, revision: 1 })).toMatchObject({ ok: true });
    }
    // Something else the room sees changes meanwhile (so states are sent while votes exist).
    await command('stage:message', { text: 'Vote now!', flash: false });
    await expect.poll(() => states.filter((s) => s.message?.text === 'Vote now!').length).toBe(2);
    const votesSoFar = latest.vote.tally.total;
    expect(votesSoFar).toBeGreaterThanOrEqual(6);
    for (const [event, payload] of received) {
      const text = JSON.stringify(payload);
      expect(text, event).not.toMatch(/"tally":\{|"votes":|"ballots"|"share"/);
      if (event === 'state:public') expect((payload as PublicState).vote).toMatchObject({ status: 'open', shown: false, tally: null });
    }
    for (const state of states) expect(state.vote).toMatchObject({ status: 'open', shown: false, tally: null });
    // Shown: the room gets bars' numbers.
    await command('vote:show', { shown: true });
    const shown = await nextEvent<PublicState>(audience.socket, 'state:public', (s) => s.vote.tally !== null);
    expect(shown.vote.tally!.total).toBe(votesSoFar);
    expect(t.data().audit.at(-1)).toMatchObject({ action: 'vote:show' });
    expect(t.data().audit.at(-1)!.detail).toMatch(/tally shown to the room/);
    // A vote while shown reaches the room within about a second.
    const p = await phone(await devicePass(t.url));
    await ask(p.socket, 'vote:cast', { teamId: teams()[2]!.id, revision: 1 });
    const moved = await nextEvent<PublicState>(screen.socket, 'state:public', (s) => s.vote.tally?.total === votesSoFar + 1, 3000);
    expect(moved.vote.tally!.rows.find((r) => r.teamId === teams()[2]!.id)!.votes).toBeGreaterThanOrEqual(1);
    await command('vote:show', { shown: false });
    await command('vote:close');
  });

  it('in ticket mode, only ticket holders vote, and a used ticket is refused on another phone', async () => {
    await command('vote:settings', { ticketMode: true });
    const made = (await command('vote:tickets', { count: 3 })) as { data: { codes: string[] } };
    const [t1, t2] = made.data.codes;
    expect(t.data().audit.at(-1)!.detail).toBe('3 ticket codes made');
    expect(t.data().audit.at(-1)!.detail).not.toContain(t1!);
    await command('vote:open', { durationMs: null });
    const one = await phone(await devicePass(t.url));
    const two = await phone(await devicePass(t.url));
    const team = teams()[0]!.id;
    expect(await ask(one.socket, 'vote:cast', { teamId: team, revision: 1 })).toMatchObject({ ok: false, error: { key: 'error_vote_ticket_unknown' } });
    expect(await ask(one.socket, 'vote:cast', { teamId: team, revision: 1, ticket: 'ABCDEFGH23' })).toMatchObject({ ok: false, error: { key: 'error_vote_ticket_unknown' } });
    expect(await ask(one.socket, 'vote:cast', { teamId: team, revision: 1, ticket: t1 })).toMatchObject({ ok: true });
    expect(await ask(two.socket, 'vote:cast', { teamId: team, revision: 1, ticket: t1 })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'error_vote_ticket_used' } });
    expect(await ask(two.socket, 'vote:cast', { teamId: team, revision: 1, ticket: t2 })).toMatchObject({ ok: true });
    await expect.poll(() => latest.vote.tally.total).toBe(2);
    expect(latest.vote.watch).toMatchObject({ ticketsIssued: 3, ticketsUsed: 2 });
    // The organiser may not switch who votes while the vote is open.
    expect(await ask(org, 'vote:settings', { ticketMode: false })).toMatchObject({ ok: false, error: { key: 'error_vote_mode_while_open' } });
    await command('vote:close');
    await command('vote:settings', { ticketMode: false });
  });

  it('keeps the vote’s exports and the ticket codes for the organiser: no token or a juror’s link is refused', async () => {
    const juror = t.data().event.jurors[0]!.token;
    for (const path of ['/api/votes.csv', '/api/votes.json', '/api/tickets.csv', '/api/tickets.json']) {
      const get = (token: string | null) => fetch(`${t.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
      expect((await get(null)).status, path).toBe(401);
      expect((await get(juror)).status, path).toBe(401);
      const ok = await get(t.organiserToken);
      expect(ok.status, path).toBe(200);
      if (path.startsWith('/api/tickets')) expect(await ok.text(), path).toMatch(/[A-Z2-9]{10}/);
    }
  });

  it('shows the organiser votes per address', async () => {
    await expect.poll(() => latest.vote.watch.byAddress[0]?.address).toBe('127.0.0.1');
    expect(latest.vote.watch.byAddress[0]!.votes).toBe(latest.vote.tally.total);
    expect(latest.vote.watch.bursts.length).toBeGreaterThan(0);
  });

  it('puts the people’s choice in the winners’ reveal when the organiser says so, audited; a patch without it keeps it', async () => {
    expect(t.data().peopleVote).toMatchObject({ status: 'closed', inReveal: false });
    await command('vote:settings', { inReveal: true });
    expect(t.data().peopleVote.inReveal).toBe(true);
    expect(t.data().audit.at(-1)).toMatchObject({ action: 'vote:settings', detail: 'people’s vote: its own award in the winners’ reveal' });
    await command('vote:settings', { audienceWeight: 20 });
    expect(t.data().peopleVote).toMatchObject({ inReveal: true, audienceWeight: 20 });
    // The phones' ballots (not the tickets': the vote is one per phone again), counted here.
    const perTeam = new Map<string, number>();
    for (const b of Object.values(t.data().ballots)) if (!b.ticket) perTeam.set(b.teamId, (perTeam.get(b.teamId) ?? 0) + 1);
    const most = Math.max(...perTeam.values());
    const total = [...perTeam.values()].reduce((a, b) => a + b, 0);
    await command('visibility:set', { mode: 'reveal' });
    await expect.poll(() => latest.revealPlan?.[0]?.award).toBe('people');
    const award = latest.revealPlan![0]!;
    expect(award).toMatchObject({ rank: 1, totalVotes: total });
    expect(award.rows.map((r) => r.teamId).sort()).toEqual([...perTeam].filter(([, n]) => n === most).map(([id]) => id).sort());
    await command('visibility:set', { mode: 'hidden' });
    await command('vote:settings', { inReveal: false, audienceWeight: 0 });
    expect(t.data().audit.at(-1)!.detail).toMatch(/people’s vote: not in the winners’ reveal/);
  });
});

describe('device passes', () => {
  it('are handed out per address up to a limit high enough for a venue, and the audience page comes with one', async () => {
    const small = await startVoteApp({ devicePasses: { perAddress: 3, windowMs: 60_000 } });
    try {
      const first = await devicePass(small.url);
      expect(first).toMatch(/^podium_device=[\w-]{21}\.[\w-]{32}$/);
      const page = await fetch(`${small.url}/`);
      // The audience page (when built) sets the pass itself; else a third POST takes the same share.
      if (page.status === 200) expect(page.headers.get('set-cookie')).toMatch(/^podium_device=[\w-]{21}\.[\w-]{32}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
      else await devicePass(small.url);
      await devicePass(small.url);
      const refused = await fetch(`${small.url}/vote/device`, { method: 'POST' });
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ error: { key: 'error_vote_too_many_devices' } });
      // A phone that holds a pass keeps it, whatever its address's share.
      expect((await fetch(`${small.url}/vote/device`, { method: 'POST', headers: { cookie: first } })).status).toBe(200);
      // A pass signed by another Podium (another organiser token) is no pass here.
      expect((await fetch(`${small.url}/vote/device`, { method: 'POST', headers: { cookie: await devicePass(t.url) } })).status).toBe(429);
    } finally {
      await small.close();
    }
  });
});
