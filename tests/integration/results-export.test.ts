// results.csv says how a score is computed and its numbers recompute from what
// it prints: the issue's event (Innovation ×2 on 1–10, Feasibility ×1 on 1–5,
// Pitch ×1 on 0–3) and five jurors whose averages are 8.60 / 4.40 / 2.20.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { ISSUE_MARKS as marks, mixedScalesData as seed } from '../helpers/mixed-scales.ts';

let t: TestApp;
const sockets: TestSocket[] = [];
const parse = (text: string) => Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });

beforeAll(async () => {
  t = await startApp({ seed });
  const org = await organiser(t);
  sockets.push(org.socket);
  expect(await emitRaw(org.socket, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
  for (const [i, m] of marks.entries()) {
    const j = await juror(t, i);
    sockets.push(j.socket);
    const ack = await emitRaw(j.socket, 'score:submit', { opId: `results-sheet-${i}`, teamId: t.data().event.teams[0]!.id, revision: 1, marks: m, note: '' });
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  }
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

describe('results.csv', () => {
  it('prints each criterion on the score scale, with its weight and own scale, and they recompute to the score', async () => {
    const res = await fetch(`${t.url}/api/results.csv`, { headers: { Authorization: `Bearer ${t.organiserToken}` } });
    const { data: rows, meta } = parse(await res.text());
    expect(meta.fields).toEqual([
      'rank',
      'tied',
      'team',
      'project',
      'category',
      'category rank',
      'score (0–10)',
      'Innovation ×2 on 0–10',
      'Innovation average mark (1–10)',
      'Faisabilité ×1 on 0–10',
      'Faisabilité average mark (1–5)',
      'Pitch ×1 on 0–10',
      'Pitch average mark (0–3)',
      'jurors counted',
      'jurors expected',
      'provisional',
    ]);
    const first = rows[0]!;
    expect(first.team).toBe(t.data().event.teams[0]!.name);
    // By hand: 8.60 of 1–10 → 7.6 / 9 × 10 = 8.444; 4.40 of 1–5 → 3.4 / 4 × 10 = 8.5; 2.20 of 0–3 → 7.333.
    // (2 × 8.444 + 8.5 + 7.333) / 4 = 8.181, the team's score (mean of the five jurors' scores).
    expect(first).toMatchObject({
      'score (0–10)': '8.181',
      'Innovation ×2 on 0–10': '8.444',
      'Innovation average mark (1–10)': '8.6',
      'Faisabilité ×1 on 0–10': '8.5',
      'Faisabilité average mark (1–5)': '4.4',
      'Pitch ×1 on 0–10': '7.333',
      'Pitch average mark (0–3)': '2.2',
      'jurors counted': '5',
    });
    // Teams nobody scored have no place, and so tie with nobody (they once read "tied: yes").
    const unscored = rows.slice(1, t.data().event.teams.length);
    expect(unscored.length).toBeGreaterThan(1);
    for (const row of unscored) expect(row, row.team).toMatchObject({ rank: '', tied: '', 'score (0–10)': '' });
    expect(first.tied).toBe('no');
    // What the sheet prints recomputes to what it prints as the score.
    const recomputed = (2 * Number(first['Innovation ×2 on 0–10']) + Number(first['Faisabilité ×1 on 0–10']) + Number(first['Pitch ×1 on 0–10'])) / 4;
    expect(Math.abs(recomputed - Number(first['score (0–10)']))).toBeLessThan(0.002);
    // Below the teams, after a blank row, how a score is computed.
    const notes = rows.slice(t.data().event.teams.length).map((r) => r.rank).join('\n');
    expect(notes).toContain('Scores are on a 0–10 scale');
    expect(notes).toContain('Innovation (marks 1–10, weight 2)');
    expect(notes).toContain('(2 × Innovation + 1 × Faisabilité + 1 × Pitch) ÷ 4');
  });

  it('adds the score before normalisation when the z-score counts, and it recomputes from the criteria', async () => {
    await t.store.mutate((d) => {
      d.event.settings.normalisation = 'z-score';
    });
    const res = await fetch(`${t.url}/api/results.csv`, { headers: { Authorization: `Bearer ${t.organiserToken}` } });
    const { data: rows, meta } = parse(await res.text());
    expect(meta.fields).toContain('score before normalisation');
    expect(rows[0]!['score before normalisation']).toBe('8.181');
    expect(rows.map((r) => r.rank).join('\n')).toMatch(/normalised \(z-score/);
  });
});
