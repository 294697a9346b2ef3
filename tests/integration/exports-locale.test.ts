// A French event's CSV opens in columns in Excel set to French or Swiss settings (`;`,
// decimal commas, a byte-order mark); an English one's is comma-separated. Either can be
// asked for. Headings and the formula rows are in the event's language, times in its zone.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

interface Run {
  t: TestApp;
  sockets: TestSocket[];
}
const runs = new Map<Language, Run>();

/** Team 0 gets 8 and 7 on every criterion from jurors 0 and 1: a score of 7.5 on 1–10. */
async function start(language: Language): Promise<Run> {
  const t = await startApp({ seed: () => demoData(undefined, new Date(), { language, timeZone: 'Europe/Zurich' }) });
  const org = await organiser(t);
  const sockets = [org.socket];
  expect(await emitRaw(org.socket, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
  for (const [i, mark] of [8, 7].entries()) {
    const j = await juror(t, i);
    sockets.push(j.socket);
    const d = t.data();
    const ack = await emitRaw(j.socket, 'score:submit', {
      opId: `locale-${language}-${i}`,
      teamId: d.event.teams[0]!.id,
      revision: 1,
      marks: Object.fromEntries(d.event.criteria.map((c) => [c.id, mark])),
      note: '',
    });
    expect(ack).toMatchObject({ ok: true });
  }
  return { t, sockets };
}

const csv = async (run: Run, path: string) => {
  const res = await fetch(run.t.url + path, { headers: { Authorization: `Bearer ${run.t.organiserToken}` } });
  expect(res.status).toBe(200);
  // As a spreadsheet reads the file: the byte-order mark kept (res.text() would drop it).
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
};

beforeAll(async () => {
  runs.set('fr', await start('fr'));
  runs.set('en', await start('en'));
});
afterAll(async () => {
  for (const run of runs.values()) {
    for (const s of run.sockets) s.disconnect();
    await run.t.close();
  }
});

describe('CSV exports by language', () => {
  it('a French event: results.csv is ;-separated with decimal commas, a BOM and French headings', async () => {
    const text = await csv(runs.get('fr')!, '/api/results.csv');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const firstLine = text.slice(1).split('\r\n')[0]!;
    expect(firstLine.startsWith('rang;ex aequo;équipe;projet;catégorie;rang dans la catégorie;score (1–10);')).toBe(true);
    expect(firstLine).not.toContain(',');
    const { data, meta } = Papa.parse<Record<string, string>>(text.slice(1), { header: true, delimiter: ';', skipEmptyLines: true });
    expect(meta.fields).toContain('membres du jury comptés');
    expect(meta.fields).toContain('Impact ×1 sur 1–10');
    expect(meta.fields).toContain('Impact note moyenne (1–10)');
    expect(data[0]).toMatchObject({ rang: '1', 'ex aequo': 'non', 'score (1–10)': '7,5', 'Impact note moyenne (1–10)': '7,5', 'membres du jury comptés': '2', provisoire: 'oui' });
    // The formula rows, in French, below the teams.
    const notes = data.slice(runs.get('fr')!.t.data().event.teams.length).map((r) => r.rang).join('\n');
    expect(notes).toContain('Les scores sont sur une échelle 1–10.');
    // One explanation for the Results tab, the printed sheet and this file: a weight reads « poids », as the Build tab labels it.
    expect(notes).toContain('Critères\u202f: Impact (notes 1–10, poids 1)');
  });

  it('an English event: comma-separated with decimal points and English headings', async () => {
    const text = await csv(runs.get('en')!, '/api/results.csv');
    const firstLine = text.replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(firstLine.startsWith('rank,tied,team,project,category,category rank,score (1–10),')).toBe(true);
    expect(firstLine).not.toContain(';');
    const { data } = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, delimiter: ',', skipEmptyLines: true });
    expect(data[0]).toMatchObject({ rank: '1', 'score (1–10)': '7.5', 'jurors counted': '2', provisional: 'yes' });
  });

  it('either style can be asked for; the headings stay in the event’s language', async () => {
    const frComma = (await csv(runs.get('fr')!, '/api/results.csv?csv=comma')).slice(1);
    expect(frComma.split('\r\n')[0]!.startsWith('rang,ex aequo,équipe,')).toBe(true);
    expect(Papa.parse<Record<string, string>>(frComma, { header: true, delimiter: ',' }).data[0]!['score (1–10)']).toBe('7.5');
    const enSemicolon = (await csv(runs.get('en')!, '/api/results.csv?csv=semicolon')).replace(/^\uFEFF/, '');
    expect(enSemicolon.split('\r\n')[0]!.startsWith('rank;tied;team;')).toBe(true);
    expect(Papa.parse<Record<string, string>>(enSemicolon, { header: true, delimiter: ';' }).data[0]!['score (1–10)']).toBe('7,5');
  });

  it('scores.csv and audit.csv: French headings, times in the event’s zone', async () => {
    const run = runs.get('fr')!;
    const scores = Papa.parse<Record<string, string>>((await csv(run, '/api/scores.csv')).slice(1), { header: true, delimiter: ';', skipEmptyLines: true });
    expect(scores.meta.fields).toEqual([
      'membre du jury', 'équipe', 'critère', 'note', 'min', 'max', 'pondération', 'commentaire', 'révision', 'modifié le (Europe/Zurich)', 'compté',
    ]);
    const saved = Object.values(run.t.data().scores).find((s) => s.revision === 1)!;
    const cell = scores.data.find((r) => r['membre du jury'] === run.t.data().event.jurors.find((j) => j.id === saved.jurorId)!.name)!['modifié le (Europe/Zurich)']!;
    expect(cell).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    // Zurich is one hour ahead of UTC in winter, two in summer; the wall clock is read as if it were UTC.
    const ahead = Date.parse(cell.replace(' ', 'T') + 'Z') - Math.floor(saved.updatedAt / 1000) * 1000;
    expect([3_600_000, 7_200_000]).toContain(ahead);

    const audit = Papa.parse<Record<string, string>>((await csv(run, '/api/audit.csv')).slice(1), { header: true, delimiter: ';', skipEmptyLines: true });
    expect(audit.meta.fields).toEqual(['date (Europe/Zurich)', 'auteur', 'action', 'équipe', 'membre du jury', 'de la révision', 'à la révision', 'détail']);
    const opened = audit.data.find((r) => r.action === 'scoring:open')!;
    expect(opened.auteur).toBe('organisation');
    const given = audit.data.filter((r) => r.action === 'score:submit');
    expect(given).toHaveLength(2);
    expect(given[0]!.auteur).toMatch(/^membre du jury /);
    // Impact 8 (1–10), … → 8,00 / 10: the marks and the score in French.
    expect(given[0]!['détail']).toContain('→ 8,00 / 10');
  });
});
