// The audit log over real sockets: every change the organiser makes is in it,
// with names and values a person reads, in audit.csv and audit.json, and a
// refused change leaves no entry.
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../protocol/result.ts';
import { emitRaw, importEventFile, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
let org: TestSocket;
const sockets: TestSocket[] = [];
beforeEach(async () => {
  t = await startApp();
  org = (await organiser(t)).socket;
  sockets.push(org);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t.close();
});

async function send(event: string, payload: unknown, socket = org): Promise<unknown> {
  const ack = (await emitRaw(socket, event, payload)) as Result<unknown>;
  expect(ack, `${event}: ${JSON.stringify(ack)}`).toMatchObject({ ok: true });
  return ack.ok ? ack.data : null;
}

const get = (path: string) => fetch(t.url + path, { headers: { Authorization: `Bearer ${t.organiserToken}` } });
type Row = { at: string; actor: string; action: string; team: string; juror: string; detail: string };
async function auditCsv(): Promise<Row[]> {
  return Papa.parse<Row>((await (await get('/api/audit.csv')).text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
}
const last = async (action: string) => (await auditCsv()).filter((r) => r.action === action).at(-1);

describe('the audit log', () => {
  it('records every change to the event, by name, and nothing for a refused change', async () => {
    const d = () => t.data().event;
    const [team0, team1] = d().teams;
    const [juror0, juror1] = d().jurors;
    const impact = d().criteria[0]!;

    // A conflict of interest set before any scoring.
    await send('juror:set-conflict', { jurorId: juror0!.id, teamId: team1!.id, conflict: true });
    expect(await last('conflict:set')).toMatchObject({ juror: juror0!.name, team: team1!.name, detail: `${juror0!.name} has a conflict of interest with ${team1!.name}` });

    await send('settings:update', { normalisation: 'z-score', pitchMs: 240_000 });
    expect((await last('settings:update'))!.detail).toBe('settings: pitch time 5 min → 4 min; normalisation none → z-score');

    await send('criterion:save', { id: impact.id, name: impact.name, question: impact.question, weight: 2, min: 0, max: 10 });
    expect((await last('criterion:save'))!.detail).toBe(`criterion "${impact.name}": weight 1 → 2; marks 1–10 → 0–10`);
    const { id: extra } = (await send('criterion:save', { name: 'Créativité ✨', question: '', weight: 0.5, min: 1, max: 5 })) as { id: string };
    expect((await last('criterion:save'))!.detail).toBe('added criterion "Créativité ✨" (weight 0.5, marks 1–5)');
    await send('criterion:remove', { id: extra });
    expect((await last('criterion:remove'))!.detail).toBe('removed criterion "Créativité ✨" (weight 0.5, marks 1–5)');
    await send('criterion:move', { id: impact.id, toIndex: 2 });
    expect((await last('criterion:move'))!.detail).toBe(`moved criterion "${impact.name}" from position 1 to 3`);

    const { id: category } = (await send('category:save', { name: 'Économie circulaire' })) as { id: string };
    expect((await last('category:save'))!.detail).toBe('added category "Économie circulaire"');
    // The store's own objects: copy what the expectations need before they change.
    const oldProject = team0!.project;
    await send('team:save', { ...team0!, project: 'Straßenfeste ohne Plastik 🎉' });
    const teamEdit = (await last('team:save'))!;
    expect(teamEdit).toMatchObject({ team: team0!.name, detail: `team "${team0!.name}": project "${oldProject}" → "Straßenfeste ohne Plastik 🎉"` });
    await send('team:save', { ...team0!, project: 'Straßenfeste ohne Plastik 🎉', categoryId: category });
    expect((await last('team:save'))!.detail).toMatch(/category ".+" → "Économie circulaire"$/);
    await send('category:remove', { id: d().categories.find((c) => !d().teams.some((x) => x.categoryId === c.id) && c.id !== category)!.id });
    expect((await last('category:remove'))!.detail).toMatch(/^removed category ".+"$/);

    await send('team:import-csv', { csv: 'name,project,members,category\nÇa Roule,Vélos,Ana;Bo,Économie circulaire\nKelp Co,,,\n' });
    expect((await last('team:import-csv'))!.detail).toBe(
      'imported 2 teams from a CSV file; added team "Ça Roule" (project "Vélos", category "Économie circulaire"); added team "Kelp Co" (category none)',
    );
    const kelp = d().teams.find((x) => x.name === 'Kelp Co')!;
    await send('agenda:add-pitches', {});
    expect((await last('agenda:add-pitches'))!.detail).toMatch(/^added agenda item "Ça Roule" \(pitch, .+\); added agenda item "Kelp Co"/);
    const kelpPitch = d().agenda.find((i) => i.kind === 'pitch' && i.teamId === kelp.id)!;
    await send('agenda:remove', { id: kelpPitch.id });
    expect((await last('agenda:remove'))!.detail).toMatch(/^removed agenda item "Kelp Co" \(pitch, /);
    await send('team:remove', { id: kelp.id });
    expect((await last('team:remove'))!.detail).toBe('removed team "Kelp Co" (category none)');

    const { id: zoe } = (await send('juror:save', { name: 'Zoë Ørsted' })) as { id: string };
    expect(await last('juror:save')).toMatchObject({ juror: 'Zoë Ørsted', detail: 'added juror "Zoë Ørsted"' });
    const oldToken = juror1!.token;
    await send('juror:reissue-link', { id: juror1!.id });
    expect(await last('juror:reissue-link')).toMatchObject({ juror: juror1!.name, detail: `juror "${juror1!.name}": new personal link (the old one no longer works)` });
    await send('juror:remove', { id: zoe });
    expect((await last('juror:remove'))!.detail).toBe('removed juror "Zoë Ørsted"');

    // Refused: a name already taken. No entry, nothing changed.
    const count = t.data().audit.length;
    const refused = (await emitRaw(org, 'team:save', { ...team1!, id: undefined, name: team0!.name })) as Result<unknown>;
    expect(refused.ok).toBe(false);
    expect(t.data().audit.length).toBe(count);

    // Neither link nor organiser token is ever written in the audit.
    const body = await (await get('/api/audit.csv')).text() + (await (await get('/api/audit.json')).text());
    for (const secret of [oldToken, d().jurors.find((j) => j.id === juror1!.id)!.token, t.organiserToken]) expect(body).not.toContain(secret);
  });

  it('records visibility changes and each reveal step with what the room saw', async () => {
    await send('scoring:open', { teamId: null });
    expect((await last('scoring:open'))!.detail).toBe('scoring opened for every team');
    const j = await juror(t, 0);
    sockets.push(j.socket);
    const [a, b] = t.data().event.teams;
    for (const [i, team] of [a!, b!].entries()) {
      const marks = Object.fromEntries(t.data().event.criteria.map((c) => [c.id, 9 - i]));
      await send('score:submit', { opId: `audit-op-${i}-abcdef`, teamId: team.id, revision: 1, marks, note: '' }, j.socket);
    }
    await send('visibility:set', { mode: 'live' });
    expect((await last('visibility:set'))!.detail).toBe('rankings on the public screens: hidden → live');
    await send('leaderboard:focus', { focus: 'rotate' });
    expect((await last('leaderboard:focus'))!.detail).toBe('projector rankings: overall → every category in turn');
    await send('visibility:set', { mode: 'reveal' });
    expect((await last('visibility:set'))!.detail).toBe('rankings on the public screens: live → reveal');
    await send('leaderboard:focus', { focus: null });
    await send('reveal:next', {});
    expect((await last('reveal:next'))!.detail).toMatch(/^reveal step 0 → 1 of \d+ \(overall place \d+ announced, team not yet shown\)$/);
    await send('reveal:next', {});
    expect((await last('reveal:next'))!.detail).toMatch(/^reveal step 1 → 2 of \d+ \(overall place \d+: ".+"\)$/);
    await send('reveal:previous', {});
    expect((await last('reveal:previous'))!.detail).toMatch(/^reveal step 2 → 1 /);
    await send('reveal:restart', {});
    expect((await last('reveal:restart'))!.detail).toMatch(/^reveal step 1 → 0 of \d+ \(nothing shown\)$/);
  });

  it('records driving the show: the item on stage, the timer, time added, stage messages', async () => {
    await send('agenda:next', {});
    const first = t.data().event.agenda[0]!;
    const title = first.kind === 'session' ? first.title : '';
    expect((await last('agenda:next'))!.detail).toBe(`on stage: before the show → "${title}"`);
    await send('timer:start', {});
    expect((await last('timer:start'))!.detail).toBe('timer: idle → running');
    await send('timer:adjust', { deltaMs: 30_000 });
    expect((await last('timer:adjust'))!.detail).toBe(`time +30 s on "${title}"`);
    await send('stage:message', { text: 'Bitte zum Schluss kommen 🙏', flash: true });
    expect((await last('stage:message'))!.detail).toBe('stage message: "Bitte zum Schluss kommen 🙏" (flashing)');
    await send('stage:clear', {});
    expect((await last('stage:clear'))!.detail).toBe('stage message cleared');
  });

  it("writes a score's marks by criterion name and scale, with the score they make, in audit.csv and audit.json", async () => {
    await send('scoring:open', { teamId: null });
    const j = await juror(t, 0);
    sockets.push(j.socket);
    const team = t.data().event.teams[0]!;
    const criteria = t.data().event.criteria;
    // The demo's four criteria are all 1–10, weight 1: marks 8, 6, 7, 9 make (8 + 6 + 7 + 9) / 4 = 7.5.
    const values = [8, 6, 7, 9];
    const marks = Object.fromEntries(criteria.map((c, i) => [c.id, values[i]!]));
    await send('score:submit', { opId: 'audit-score-abcdef', teamId: team.id, revision: 1, marks, note: '' }, j.socket);
    const expected = `${criteria.map((c, i) => `${c.name} ${values[i]} (1–10)`).join(', ')} → 7.50 / 10`;
    expect(await last('score:submit')).toMatchObject({ team: team.name, detail: expected });
    const json = (await (await get('/api/audit.json')).json()) as { entries: { action: string; detail?: string; team?: string; teamId?: string }[] };
    expect(json.entries.filter((e) => e.action === 'score:submit').at(-1)).toMatchObject({ teamId: team.id, team: team.name, detail: expected });
    for (const e of json.entries) expect(e.detail ?? '').not.toMatch(new RegExp(criteria.map((c) => c.id).join('|')));
  });

  it('reads entries written before, with criterion ids, by name', async () => {
    const criteria = t.data().event.criteria;
    const old = JSON.stringify(Object.fromEntries(criteria.map((c) => [c.id, 8])));
    await t.store.mutate((d) => {
      d.audit.push({ at: 1, actor: `juror:${d.event.jurors[0]!.id}`, action: 'score:submit', teamId: d.event.teams[0]!.id, jurorId: d.event.jurors[0]!.id, detail: old });
    });
    expect((await last('score:submit'))!.detail).toBe(`${criteria.map((c) => `${c.name} 8 (1–10)`).join(', ')} → 8.00 / 10`);
  });

  it('records an event import, with what it replaced', async () => {
    const exported = (await (await get('/api/event.json')).json()) as { event: { settings: { name: string } } };
    exported.event.settings.name = 'Prix de l’Économie circulaire';
    expect(await importEventFile(t.url, t.organiserToken, JSON.stringify(exported))).toMatchObject({ ok: true });
    expect((await last('event:import'))!.detail).toMatch(
      /^imported event "Prix de l’Économie circulaire" \(6 teams, 4 jurors, 4 criteria, 9 categories, \d+ agenda items\), replacing ".+" \(6 teams, 4 jurors/,
    );
  });
});
