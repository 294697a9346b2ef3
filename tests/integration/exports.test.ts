import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

// Team 0 is renamed into a formula and juror notes try the same, to check neutralising.
function seed(): PodiumData {
  const data = demoData();
  data.event.teams[0]!.name = '=HYPERLINK("http://evil.example","click")';
  data.event.teams[1]!.project = '+1 more';
  return data;
}

let t: TestApp;
const sockets: TestSocket[] = [];
const get = (path: string, token: string | null = t.organiserToken) =>
  fetch(t.url + path, token === null ? {} : { headers: { Authorization: `Bearer ${token}` } });
const parse = (text: string) => Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

// Marks per juror for teams 0 and 1, all criteria equal, and the notes given.
const given = [
  { juror: 0, team: 0, mark: 8, note: '=1+2 looks great' },
  { juror: 1, team: 0, mark: 6, note: '@SUM(A1) fine\nsecond line' },
  { juror: 0, team: 1, mark: 5, note: '-strong team' },
  { juror: 0, team: 0, mark: 9, note: 'changed my mind', revision: 2 },
];

beforeAll(async () => {
  t = await startApp({ seed });
  const org = await organiser(t);
  sockets.push(org.socket);
  expect(await emitRaw(org.socket, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
  const jurors = [await juror(t, 0), await juror(t, 1)];
  sockets.push(...jurors.map((j) => j.socket));
  let op = 0;
  for (const g of given) {
    const d = t.data();
    const ack = await emitRaw(jurors[g.juror]!.socket, 'score:submit', {
      opId: `export-op-${++op}`,
      teamId: d.event.teams[g.team]!.id,
      revision: g.revision ?? 1,
      marks: Object.fromEntries(d.event.criteria.map((c) => [c.id, g.mark])),
      note: g.note,
    });
    expect(ack).toMatchObject({ ok: true });
  }
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

describe('exports', () => {
  it('need the organiser token', async () => {
    // Few refusals: the server slows an address down after ten failed attempts a minute.
    for (const path of ['/api/results.csv', '/api/scores.csv', '/api/results.json', '/api/audit.csv', '/api/audit.json']) {
      expect((await get(path, null)).status, path).toBe(401);
      expect((await get(path)).status, path).toBe(200);
    }
    expect((await get('/api/results.csv', t.data().event.jurors[0]!.token)).status).toBe(401);
    expect((await get('/api/scores.csv', 'x'.repeat(32))).status).toBe(401);
  });

  it('results.csv ranks the teams with the scores given', async () => {
    const res = await get('/api/results.csv');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="podium-results.csv"/);
    // The teams, then a blank row and how a score is computed.
    const rows = parse(await res.text()).slice(0, t.data().event.teams.length);
    expect(rows.every((r) => r.team)).toBe(true);
    // Team 0: jurors 0 (9, after the change) and 1 (6): (9 + 6) / 2 = 7.5. Team 1: juror 0 alone: 5.
    expect(rows[0]).toMatchObject({
      rank: '1',
      team: `'=HYPERLINK("http://evil.example","click")`,
      'score (1–10)': '7.5',
      'Impact ×1 on 1–10': '7.5',
      'Impact average mark (1–10)': '7.5',
      'jurors counted': '2',
      'jurors expected': '4',
      provisional: 'yes',
    });
    expect(rows[1]).toMatchObject({ rank: '2', team: 'Tide Turners', project: "'+1 more", 'score (1–10)': '5', 'jurors counted': '1' });
    expect(rows[2]).toMatchObject({ rank: '', 'score (1–10)': '', 'jurors counted': '0' });
  });

  it('scores.csv has one row per juror, team and criterion, with the note, neutralised', async () => {
    const rows = parse(await (await get('/api/scores.csv')).text());
    const d = t.data();
    expect(rows).toHaveLength(Object.keys(d.scores).length * d.event.criteria.length);
    const juror0 = d.event.jurors[0]!.name;
    const juror1 = d.event.jurors[1]!.name;
    const team0 = rows.filter((r) => r.juror === juror0 && r.team?.includes('HYPERLINK'));
    expect(team0.map((r) => r.criterion)).toEqual(d.event.criteria.map((c) => c.name));
    expect(team0.every((r) => r.mark === '9' && r.revision === '2' && r.note === 'changed my mind')).toBe(true);
    const byJuror1 = rows.find((r) => r.juror === juror1)!;
    expect(byJuror1.note).toBe("'@SUM(A1) fine\nsecond line");
    expect(rows.find((r) => r.team === 'Tide Turners')!.note).toBe("'-strong team");
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('results.json carries both rankings and the flag on the podium', async () => {
    const body = (await (await get('/api/results.json')).json()) as {
      leaderboard: { overall: { teamId: string; score: number | null }[] };
      raw: unknown;
      zScore: unknown;
      podiumDiffers: boolean;
    };
    expect(body.leaderboard.overall[0]).toMatchObject({ teamId: t.data().event.teams[0]!.id, score: 7.5 });
    expect(body.raw).toBeTruthy();
    expect(body.zScore).toBeTruthy();
    expect(typeof body.podiumDiffers).toBe('boolean');
  });

  it('the audit log traces every score change, from which revision', async () => {
    const entries = ((await (await get('/api/audit.json')).json()) as { entries: { action: string; jurorId?: string; fromRevision?: number | null; toRevision?: number }[] }).entries;
    const submits = entries.filter((e) => e.action === 'score:submit');
    expect(submits).toHaveLength(given.length);
    expect(submits.at(-1)).toMatchObject({ jurorId: t.data().event.jurors[0]!.id, fromRevision: 1, toRevision: 2 });
    const csv = parse(await (await get('/api/audit.csv')).text());
    const changed = csv.filter((r) => r.action === 'score:submit').at(-1)!;
    expect(changed).toMatchObject({ juror: t.data().event.jurors[0]!.name, 'from revision': '1', 'to revision': '2' });
    expect(changed.team).toMatch(/^'=HYPERLINK/);
    // The time column names the event's zone: the times are its wall clock.
    expect(new Date(changed[`at (${t.data().event.settings.timeZone})`]!).getTime()).toBeGreaterThan(0);
    expect(t.data().scores[scoreKey(t.data().event.jurors[0]!.id, t.data().event.teams[0]!.id)]!.revision).toBe(2);
  });
});
