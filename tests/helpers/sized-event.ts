// An event of a chosen size for tests and benchmarks of what a big event costs:
// the demo's settings, categories and criteria with `teams` teams (names with
// accents, ß, emoji and long French words), one pitch each, `jurors` jurors,
// scoring open everywhere and, when asked, every juror's score for every team.
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { pitchPhases } from '../../server/domain/event-builder.ts';

const NAMES = ['Éco-Énergie', 'Straße Frei', 'Ça Recycle 🌊', 'Anticonstitutionnellement Durable', 'Mer Propre', 'Nuß & Co'];

export const SIZED_ORGANISER_TOKEN = 'sized-organiser-token-0123456789';
export const sizedJurorToken = (i: number) => `sized-juror-token-${String(i + 1).padStart(4, '0')}-abcdef`;

export function sizedData(teams: number, jurors: number, options: { scored?: boolean; at?: number } = {}): PodiumData {
  const data = demoData(SIZED_ORGANISER_TOKEN);
  const categories = data.event.categories;
  data.event.teams = Array.from({ length: teams }, (_, i) => ({
    id: `team-${i + 1}`,
    name: `${NAMES[i % NAMES.length]} ${i + 1}`,
    project: `Projet numéro ${i + 1}`,
    members: ['Zoë Brandt', 'François Garçon'],
    categoryId: categories[i % categories.length]!.id,
  }));
  data.event.jurors = Array.from({ length: jurors }, (_, i) => ({ id: `juror-${i + 1}`, name: `Juré·e ${i + 1}`, token: sizedJurorToken(i), conflicts: [] }));
  const { pitchMs, recapMs } = data.event.settings;
  data.event.agenda = [
    data.event.agenda[0]!,
    ...data.event.teams.map((t) => ({ id: `pitch-${t.id}`, kind: 'pitch' as const, teamId: t.id, phases: pitchPhases(pitchMs, recapMs) })),
    ...data.event.agenda.filter((i) => i.kind === 'session').slice(-2),
  ];
  for (const team of data.event.teams) data.scoring[team.id] = 'open';
  if (options.scored) {
    for (const [j, juror] of data.event.jurors.entries()) {
      for (const [i, team] of data.event.teams.entries()) {
        const marks = Object.fromEntries(data.event.criteria.map((c, k) => [c.id, c.min + ((i * 7 + j * 3 + k) % (c.max - c.min + 1))]));
        data.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks, note: '', revision: 1, updatedAt: options.at ?? 1 };
      }
    }
  }
  return data;
}
